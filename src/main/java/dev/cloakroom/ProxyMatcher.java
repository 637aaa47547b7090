package dev.cloakroom;

import java.net.InetAddress;
import java.net.UnknownHostException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Trusted proxy addresses and CIDR ranges, IPv4 and IPv6. Only a request whose remote address matches
 * may say through {@code X-Forwarded-Proto} that the client spoke https, and through
 * {@code X-Forwarded-For} which address the client has ({@link #clientAddress}). Entries must be literal
 * addresses: no host names, so parsing never touches DNS. Immutable, thread-safe.
 */
final class ProxyMatcher {

  private record Range(byte[] network, int bits) {}

  /** What {@link InetAddress} takes as an IPv6 literal without a resolver: hex digits, colons, dots, a zone. */
  private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]+)?");

  /** Trusts no proxy. */
  static final ProxyMatcher NONE = new ProxyMatcher(List.of());

  private final List<Range> ranges;

  private ProxyMatcher(List<Range> ranges) {
    this.ranges = ranges;
  }

  /**
   * Parses entries such as {@code 10.0.0.1}, {@code 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}.
   *
   * @throws SettingsException naming the entry that is not a literal address or range
   */
  static ProxyMatcher parse(List<String> entries) {
    List<Range> ranges = new ArrayList<>();
    for (String entry : entries) {
      String[] parts = entry.split("/", -1);
      byte[] address = literal(parts[0]);
      int max = address == null ? 0 : address.length * 8;
      int bits = max;
      if (parts.length == 2 && parts[1].matches("\\d{1,3}")) {
        bits = Integer.parseInt(parts[1]);
      } else if (parts.length != 1) {
        address = null;
      }
      if (address == null || bits > max) {
        throw new SettingsException(Param.TRUSTED_PROXIES.key() + " entry " + entry
            + " is not accepted; it accepts " + Param.TRUSTED_PROXIES.accepts());
      }
      ranges.add(new Range(address, bits));
    }
    return new ProxyMatcher(List.copyOf(ranges));
  }

  /** Whether {@code remoteAddr} (as {@code getRemoteAddr()} gives it) is a trusted proxy. */
  boolean matches(String remoteAddr) {
    if (ranges.isEmpty() || remoteAddr == null) {
      return false;
    }
    byte[] address = literal(remoteAddr);
    return address != null && matches(address);
  }

  /**
   * The client's address: the request's remote address, unless that is a trusted proxy; then the
   * {@code X-Forwarded-For} entries are read from the nearest (last) backwards, skipping trusted
   * proxies, and the first other address is the client. An entry that is not a literal address ends
   * the walk at the last address that was believed, so a client behind a trusted proxy cannot name
   * someone else by sending its own {@code X-Forwarded-For}. Never a DNS lookup.
   *
   * @return the address in canonical text form (IPv6 without brackets or zone), or the remote address
   *     as given when it is not a literal; null only when the container gives no remote address
   */
  String clientAddress(HttpServletRequest request) {
    String remote = request.getRemoteAddr();
    byte[] believed = remote == null ? null : literal(remote);
    if (believed == null) {
      return remote;
    }
    if (matches(believed)) {
      List<String> hops = new ArrayList<>();
      Enumeration<String> values = request.getHeaders("X-Forwarded-For");
      while (values != null && values.hasMoreElements()) {
        for (String part : values.nextElement().split(",")) {
          hops.add(part.trim());
        }
      }
      for (int i = hops.size() - 1; i >= 0; i--) {
        byte[] hop = literal(hops.get(i));
        if (hop == null) {
          break;
        }
        believed = hop;
        if (!matches(hop)) {
          break;
        }
      }
    }
    return text(believed);
  }

  private static String text(byte[] address) {
    try {
      return InetAddress.getByAddress(address).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a 4- or 16-byte address was refused", e);
    }
  }

  private boolean matches(byte[] address) {
    for (Range r : ranges) {
      if (r.network.length == address.length && samePrefix(r.network, address, r.bits)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the first {@code bits} bits of {@code a} and {@code b} (of one length) are equal. */
  private static boolean samePrefix(byte[] a, byte[] b, int bits) {
    int whole = bits / 8;
    for (int i = 0; i < whole; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    int rest = bits % 8;
    int mask = (0xff << (8 - rest)) & 0xff;
    return rest == 0 || (a[whole] & mask) == (b[whole] & mask);
  }

  /** The bytes of a literal IPv4 or IPv6 address, or null; never a DNS lookup. */
  private static byte[] literal(String text) {
    String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (!t.contains(":")) {
      return v4(t);
    }
    // InetAddress parses a string that starts with a hex digit or ':' and holds a ':' as an IPv6
    // literal or throws; anything else (such as "host:80") it would hand to the system resolver.
    if (!V6.matcher(t).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(t).getAddress();
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }

  /** Dotted-quad IPv4, four decimal parts of 1 to 3 digits and 0 to 255, or null. */
  private static byte[] v4(String t) {
    byte[] address = new byte[4];
    int part = 0;
    int digits = 0;
    int n = 0;
    for (int i = 0; i <= t.length(); i++) {
      char c = i < t.length() ? t.charAt(i) : '.';
      if (c >= '0' && c <= '9' && digits < 3) {
        n = n * 10 + (c - '0');
        digits++;
      } else if (c == '.' && digits > 0 && n <= 255 && part < 4) {
        address[part++] = (byte) n;
        digits = 0;
        n = 0;
      } else {
        return null;
      }
    }
    return part == 4 ? address : null;
  }
}
