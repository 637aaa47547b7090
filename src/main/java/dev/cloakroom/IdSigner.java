package dev.cloakroom;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs session ids for the cookie or header and verifies them, with key ids for rotation.
 *
 * <p>A signed value is {@code <id>.<kid>.<tag>}: the 43-character id, the key id, and the first 128
 * bits of HMAC-SHA-256 over {@code <id>.<kid>} under that key, base64url without padding (22
 * characters). The first key signs; every key verifies. A value that is not of this shape, names an
 * unknown key id, or carries a wrong tag does not verify. Tags are compared with
 * {@link MessageDigest#isEqual}, in time independent of where they differ.
 *
 * <p>Keys are given as text, {@code kid=base64key} entries separated by commas or newlines (base64 or
 * base64url, padding optional), each key at least {@value #MIN_KEY_BYTES} bytes, key ids of 1 to 16
 * letters, digits, {@code _} or {@code -}, each once. Neither {@link #toString()} nor any message of this
 * class shows key bytes: only key ids and entry positions.
 *
 * <p>Thread-safe (immutable; each tag is computed on a clone of a {@link Mac} made once per key, so no
 * key stays behind in a pooled thread after the application is undeployed).
 */
final class IdSigner {

  /** Shortest key accepted, in bytes: as long as the HMAC-SHA-256 output. */
  static final int MIN_KEY_BYTES = 32;
  /** Length of the tag in characters: 16 bytes, base64url, unpadded. */
  static final int TAG_CHARS = 22;
  private static final int TAG_BYTES = 16;
  private static final int MAX_KID_CHARS = 16;
  private static final Pattern KID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_KID_CHARS + "}");
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  /** What {@link #verify} found: the bare id, and whether the first (signing) key signed it. */
  record Verified(String sessionId, boolean current) {
    /** Shows the id as its tag only. */
    @Override
    public String toString() {
      return "Verified[idTag=" + IdTag.of(sessionId) + ", current=" + current + "]";
    }
  }

  private final List<String> kids;
  private final byte[][] keys;
  private final Map<String, Integer> index;
  private final Mac[] prototypes;

  private IdSigner(List<String> kids, List<byte[]> keys) {
    this.kids = List.copyOf(kids);
    this.keys = keys.toArray(new byte[0][]);
    Map<String, Integer> ix = new LinkedHashMap<>();
    for (int i = 0; i < kids.size(); i++) {
      ix.put(kids.get(i), i);
    }
    this.index = Map.copyOf(ix);
    this.prototypes = new Mac[this.keys.length];
    for (int i = 0; i < this.keys.length; i++) {
      this.prototypes[i] = hmac(this.keys[i]);
    }
  }

  /**
   * Parses key entries.
   *
   * @param entries {@code kid=base64key} entries separated by commas or newlines; not null
   * @return never null
   * @throws IllegalArgumentException naming the entry by position or key id (never its key bytes) when
   *     an entry is malformed, a key is shorter than {@value #MIN_KEY_BYTES} bytes, a key id repeats, or
   *     there is no entry
   */
  static IdSigner parse(String entries) {
    List<String> kids = new ArrayList<>();
    List<byte[]> keys = new ArrayList<>();
    int position = 0;
    for (String raw : entries.split("[,\\r\\n]")) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      position++;
      int eq = entry.indexOf('=');
      String kid = eq < 0 ? "" : entry.substring(0, eq).trim();
      if (!KID.matcher(kid).matches()) {
        throw new IllegalArgumentException("entry " + position + " is not kid=base64key with a key id of 1 to "
            + MAX_KID_CHARS + " letters, digits, '_' or '-'");
      }
      byte[] key;
      try {
        key = Base64.getDecoder().decode(entry.substring(eq + 1).trim().replace('-', '+').replace('_', '/'));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the key of " + kid + " is not base64");
      }
      if (key.length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException("the key of " + kid + " has " + key.length + " bytes; at least "
            + MIN_KEY_BYTES + " are needed");
      }
      if (kids.contains(kid)) {
        throw new IllegalArgumentException("key id " + kid + " appears twice");
      }
      kids.add(kid);
      keys.add(key);
    }
    if (kids.isEmpty()) {
      throw new IllegalArgumentException("no kid=base64key entry");
    }
    return new IdSigner(kids, keys);
  }

  /** The key ids, the signing one first; never null or empty. */
  List<String> keyIds() {
    return kids;
  }

  /** {@code sessionId} signed with the first key: {@code <id>.<kid>.<tag>}. */
  String sign(String sessionId) {
    return sessionId + '.' + kids.get(0) + '.' + tag(0, sessionId, kids.get(0));
  }

  /**
   * Whether {@code value} has the shape of a signed value (a well-formed id, a dot, a key id, a dot, a
   * 22-character tag), without computing any MAC. Null is not.
   */
  static boolean isSignedShape(String value) {
    if (value == null || value.length() < SessionIds.LENGTH + 3 + TAG_CHARS
        || value.length() > SessionIds.LENGTH + 2 + MAX_KID_CHARS + TAG_CHARS) {
      return false;
    }
    int kidEnd = value.length() - TAG_CHARS - 1;
    return value.charAt(SessionIds.LENGTH) == '.' && value.charAt(kidEnd) == '.'
        && SessionIds.isWellFormed(value.substring(0, SessionIds.LENGTH))
        && KID.matcher(value.substring(SessionIds.LENGTH + 1, kidEnd)).matches();
  }

  /**
   * The id inside {@code value} if its tag verifies under the key its key id names.
   *
   * @return null if {@code value} is null, not of the signed shape, names an unknown key id, or carries
   *     a wrong tag
   */
  Verified verify(String value) {
    if (!isSignedShape(value)) {
      return null;
    }
    int kidEnd = value.length() - TAG_CHARS - 1;
    String kid = value.substring(SessionIds.LENGTH + 1, kidEnd);
    Integer i = index.get(kid);
    if (i == null) {
      return null;
    }
    String id = value.substring(0, SessionIds.LENGTH);
    byte[] expected = tag(i, id, kid).getBytes(StandardCharsets.US_ASCII);
    byte[] given = value.substring(kidEnd + 1).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given) ? new Verified(id, i == 0) : null;
  }

  private String tag(int i, String id, String kid) {
    Mac mac = mac(i);
    mac.update(id.getBytes(StandardCharsets.US_ASCII));
    mac.update((byte) '.');
    byte[] full = mac.doFinal(kid.getBytes(StandardCharsets.US_ASCII));
    return ENCODER.encodeToString(Arrays.copyOf(full, TAG_BYTES));
  }

  private Mac mac(int i) {
    try {
      return (Mac) prototypes[i].clone();
    } catch (CloneNotSupportedException e) {
      return hmac(keys[i]); // a provider whose Mac cannot be cloned: a fresh one, a little slower
    }
  }

  /** A new HMAC-SHA-256 under {@code key}. */
  static Mac hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }

  /** The key ids only, never key bytes. */
  @Override
  public String toString() {
    return "IdSigner" + kids;
  }
}
