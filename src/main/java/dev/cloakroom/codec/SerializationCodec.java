package dev.cloakroom.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The default codec: Java serialization, decoding only what an {@link ObjectInputFilter} allow-list
 * permits. Stored bytes are untrusted (a shared store, a restored backup): deserializing them
 * unfiltered is how Tomcat CVE-2020-9484 and Shiro CVE-2016-4437 ran code.
 *
 * <p>The effective filter is, first match wins: the limits {@value #LIMITS}; then the extra patterns
 * (the {@code serializationFilter} parameter, which may allow the application's classes, reject more,
 * or change a limit); then the built-in allow-list {@value #ALLOW}; then {@code !*}, rejecting the
 * rest. Arrays are judged by their element type; arrays of primitives are always allowed.
 *
 * <p>Decoding is bounded, because a crafted stored value could otherwise make one request allocate far
 * more than the value's size (issue 7, case 13). One value may:
 * <ul>
 *   <li>take at most {@value Formats#MAX_BYTES} bytes, checked before anything is read (the stream limit
 *       {@code maxbytes} alone is checked only when a class, an array or an object comes, never inside a
 *       long string);
 *   <li>nest at most 20 objects deep ({@code maxdepth});
 *   <li>hold at most 100,000 object references ({@code maxrefs}; every object, string, back-reference
 *       and null read counts);
 *   <li>hold arrays of at most 100,000 elements each ({@code maxarray}). Collections are checked the
 *       same way: the inner arrays of {@code ArrayList}, {@code HashMap} and the others are checked
 *       against it before they are allocated, so a value that only declares a big array or collection
 *       costs nothing.
 * </ul>
 * Together these bound what one value can make the decoder allocate to a few megabytes: an array of
 * references must be filled by references ({@code maxrefs}), an array of primitives by its own bytes
 * ({@code maxbytes}), and an array the stream only declares ends the decoding.
 * A value over a bound fails with {@link CodecException}, so the session drops it like any value that no
 * longer decodes: the rest of the session lives, and the drop is logged and counted.
 *
 * <p>Why these classes and no others: each is a value type whose {@code readObject}/{@code readResolve}
 * only rebuilds its own state and calls no method of another object it holds, so it cannot be a link
 * in a gadget chain. {@code java.lang} is listed class by class: {@code java.lang.**} would admit
 * {@code java.lang.invoke.SerializedLambda} (deserializing a lambda runs a method of its capturing
 * class) and {@code java.lang.reflect.Proxy} handlers. {@code java.lang.Object} only admits
 * {@code Object[]} (as {@code List.of()} writes), whose elements are each filtered again.
 * {@code java.util.*} covers collections, {@code UUID}, {@code Date}, {@code Locale}, but not its
 * subpackages ({@code java.util.concurrent} locks, {@code java.util.regex.Pattern} compiles a regex on
 * read). A collection calls {@code hashCode}, {@code equals} or {@code compareTo} of its elements, but
 * only of allowed classes, none of which does anything dangerous in them. {@code java.util.Hashtable}
 * (and so {@code Properties}) is rejected: it does not balance colliding keys, so a crafted table costs
 * quadratic time to read; allow it by name in the extra patterns if you need it. {@code java.net.URI}
 * is allowed but {@code java.net.URL} is not: its {@code hashCode} resolves the host name (the URLDNS
 * probe). Proxy classes are refused before they are defined.
 *
 * <p>Bytes the JSON codec wrote ({@code {"t":…}}) are refused with a message saying so;
 * {@code codec=java,json} reads them through the JSON codec instead.
 *
 * <p>Thread-safe (immutable).
 */
final class SerializationCodec implements AttributeCodec {

  /** Size limits of one decoded value; extra patterns may override them. */
  static final String LIMITS = "maxdepth=20;maxrefs=100000;maxbytes=" + Formats.MAX_BYTES + ";maxarray=100000";

  /** The built-in allow-list, after the extra patterns. */
  static final String ALLOW = "java.lang.String;java.lang.Boolean;java.lang.Character;"
      + "java.lang.Byte;java.lang.Short;java.lang.Integer;java.lang.Long;java.lang.Float;java.lang.Double;"
      + "java.lang.Number;java.lang.Enum;java.lang.Object;"
      + "!java.util.Hashtable;java.util.*;java.time.*;java.math.BigInteger;java.math.BigDecimal;java.net.URI";

  private static final ClassLoader OWN_LOADER = SerializationCodec.class.getClassLoader();

  private final ObjectInputFilter filter;
  private final String pattern;
  private final SerialScalars scalars;

  /**
   * A codec allowing the built-in list and {@code extraPatterns}.
   *
   * @param extraPatterns {@link ObjectInputFilter.Config#createFilter ObjectInputFilter patterns}
   *     separated by {@code ;}, such as {@code com.example.model.*}; null or blank for none
   * @throws IllegalArgumentException if a pattern is malformed, naming {@code serializationFilter}
   */
  SerializationCodec(String extraPatterns) {
    String extra = extraPatterns == null ? "" : Arrays.stream(extraPatterns.split(";"))
        .map(String::trim).filter(p -> !p.isEmpty()).collect(Collectors.joining(";"));
    pattern = LIMITS + ";" + (extra.isEmpty() ? "" : extra + ";") + ALLOW + ";!*";
    try {
      filter = ObjectInputFilter.Config.createFilter(pattern);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("serializationFilter is not accepted: " + e.getMessage(), e);
    }
    // the short cut for common values only where this filter would let them through the object stream
    byte[][][] samples = SerialScalars.samples();
    scalars = new SerialScalars(streamReads(samples[0]), streamReads(samples[1]), streamReads(samples[2]));
  }

  private boolean streamReads(byte[][] samples) {
    for (byte[] sample : samples) {
      try {
        if (sample == null) {
          return false;
        }
        readStream(sample, OWN_LOADER);
      } catch (CodecException e) {
        return false;
      }
    }
    return true;
  }

  /** The effective filter pattern, for the start-up log. */
  String pattern() {
    return pattern;
  }

  @Override
  public byte[] encode(Object value) {
    byte[] bytes = scalars.encode(value);
    if (bytes != null) {
      return bytes;
    }
    String type = value == null ? "null" : value.getClass().getName();
    try {
      bytes = serialize(value);
    } catch (NotSerializableException e) {
      throw new CodecException("cannot encode an attribute of class " + type + ": class " + e.getMessage()
          + " is not Serializable", e);
    } catch (IOException | RuntimeException e) {
      throw new CodecException("cannot encode an attribute of class " + type + ": "
          + e.getClass().getSimpleName(), e);
    }
    Formats.checkEncodedSize(type, bytes.length);
    return bytes;
  }

  /** {@code value} as Java serialization writes it. */
  static byte[] serialize(Object value) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
      out.writeObject(value);
    }
    return buffer.toByteArray();
  }

  @Override
  public Object decode(byte[] bytes, ClassLoader loader) {
    Formats.checkDecodable(bytes, false);
    Object value = scalars.decode(bytes);
    return value != SerialScalars.NONE ? value : readStream(bytes, loader);
  }

  private Object readStream(byte[] bytes, ClassLoader loader) {
    Decoder in = null;
    try {
      in = new Decoder(new ByteArrayInputStream(bytes), loader == null ? OWN_LOADER : loader, filter);
      return in.readObject();
    } catch (InvalidClassException e) {
      if (in != null && in.rejected != null) {
        throw new CodecException("cannot decode an attribute: " + in.rejected, e);
      }
      throw new CodecException("cannot decode an attribute: class " + e.classname
          + " does not match the stored bytes (changed since they were written?)", e);
    } catch (ClassNotFoundException e) {
      throw new CodecException("cannot decode an attribute: class " + e.getMessage() + " is not found", e);
    } catch (IOException | RuntimeException | LinkageError e) {
      throw new CodecException("cannot decode an attribute: the bytes are corrupt ("
          + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** Resolves classes through the application's loader and remembers why the filter said no. */
  private static final class Decoder extends ObjectInputStream {
    private final ClassLoader loader;
    private String rejected;

    Decoder(InputStream in, ClassLoader loader, ObjectInputFilter filter) throws IOException {
      super(in);
      this.loader = loader;
      setObjectInputFilter(info -> {
        ObjectInputFilter.Status status = filter.checkInput(info);
        if (status == ObjectInputFilter.Status.REJECTED && rejected == null) {
          rejected = describe(filter, info);
        }
        return status;
      });
    }

    /** Why {@code filter} rejected {@code info}: its class, or a limit. */
    private static String describe(ObjectInputFilter filter, ObjectInputFilter.FilterInfo info) {
      Class<?> c = info.serialClass();
      if (c != null && filter.checkInput(new ClassOnly(c)) == ObjectInputFilter.Status.REJECTED) {
        while (c.isArray()) {
          c = c.getComponentType();
        }
        return "class " + c.getName() + " is not allowed (add it to serializationFilter if it is safe)";
      }
      return "the value exceeds the limits (depth " + info.depth() + ", references " + info.references()
          + ", bytes " + info.streamBytes() + ", array length " + info.arrayLength() + "; " + LIMITS + ")";
    }

    /** A question about a class alone, within every limit. */
    private record ClassOnly(Class<?> serialClass) implements ObjectInputFilter.FilterInfo {
      @Override public long arrayLength() { return -1; }
      @Override public long depth() { return 1; }
      @Override public long references() { return 1; }
      @Override public long streamBytes() { return 0; }
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      String name = desc.getName();
      try {
        return Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        Class<?> jdk = jdkClass(name);
        if (jdk != null) {
          return jdk;
        }
        throw new ClassNotFoundException(name, e);
      }
    }

    /** A class of the platform itself, through this codec's loader; null if there is none. */
    private static Class<?> jdkClass(String name) {
      try {
        Class<?> c = Class.forName(name, false, OWN_LOADER);
        ClassLoader l = c.getClassLoader();
        return l == null || l == ClassLoader.getPlatformClassLoader() ? c : null;
      } catch (ClassNotFoundException | LinkageError e) {
        return null;
      }
    }

    @Override
    protected Class<?> resolveProxyClass(String[] interfaces) throws IOException {
      rejected = "proxy classes are not allowed";
      throw new InvalidClassException("java.lang.reflect.Proxy", "proxy classes are not decoded");
    }
  }
}
