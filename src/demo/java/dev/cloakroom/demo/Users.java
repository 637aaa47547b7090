package dev.cloakroom.demo;

import jakarta.servlet.ServletContext;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The demo's built-in users, with salted PBKDF2 password hashes, kept in this webapp's memory: a
 * password change holds on this node until it restarts (the sessions are what the stores share).
 */
final class Users {

  /** The users and their starting passwords, shown on the sign-in page. */
  static final Map<String, String> DEMO_USERS;

  static {
    Map<String, String> users = new LinkedHashMap<>();
    users.put("alice", "wonderland");
    users.put("bob", "the-builder");
    users.put("carol", "singalong");
    DEMO_USERS = java.util.Collections.unmodifiableMap(users);
  }

  static final int MIN_PASSWORD = 8;
  static final int MAX_PASSWORD = 128;
  static final int MAX_NAME = 32;

  private static final String ATTRIBUTE = Users.class.getName();
  private static final int ITERATIONS = 20_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Hash(byte[] salt, byte[] hash) {}

  private final Map<String, Hash> hashes = new ConcurrentHashMap<>();
  /** Compared against for an unknown name, so that both take the same time. */
  private final Hash decoy = hash("decoy-password");

  private Users() {
    DEMO_USERS.forEach((name, password) -> hashes.put(name, hash(password)));
  }

  /** This webapp's users, made on first use. */
  static Users of(ServletContext context) {
    synchronized (context) {
      Users users = (Users) context.getAttribute(ATTRIBUTE);
      if (users == null) {
        users = new Users();
        context.setAttribute(ATTRIBUTE, users);
      }
      return users;
    }
  }

  /** Whether {@code name} and {@code password} match a user; false for nulls and oversized input. */
  boolean check(String name, String password) {
    if (name == null || password == null || name.length() > MAX_NAME || password.length() > MAX_PASSWORD) {
      return false;
    }
    Hash stored = hashes.get(name);
    Hash expected = stored != null ? stored : decoy;
    boolean match = MessageDigest.isEqual(expected.hash(), derive(password, expected.salt()));
    return stored != null && match;
  }

  /** Sets {@code name}'s password (already checked by the caller). */
  void change(String name, String newPassword) {
    hashes.computeIfPresent(name, (n, old) -> hash(newPassword));
  }

  private static Hash hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return new Hash(salt, derive(password, salt));
  }

  private static byte[] derive(String password, byte[] salt) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
    } finally {
      spec.clearPassword();
    }
  }
}
