package dev.cloakroom.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JSON codec's type allow-list (the {@code jsonTypes} parameter): which application classes a
 * stored type name may name. Entries are separated by {@code ;} (as in {@code serializationFilter}):
 * <ul>
 *   <li>{@code com.shop.Cart}: that class (a nested class by its binary name, {@code com.shop.Cart$Line});
 *   <li>{@code com.shop.*}: every class of the package {@code com.shop}, not of its subpackages;
 *   <li>{@code com.shop.**}: every class of {@code com.shop} and of its subpackages.
 * </ul>
 * Names are ASCII Java identifiers joined by dots. Classes of the platform ({@code java.}, {@code javax.},
 * {@code jdk.}, {@code sun.}, {@code com.sun.}) cannot be listed: the built-in types are always allowed
 * and no other platform class is bound from JSON. A whole class path ({@code *}, {@code **}) and Java
 * filter syntax ({@code !}, limits such as {@code maxdepth=}) are refused.
 *
 * <p>Matching is on the name alone, before any class is loaded. Jackson-free, so the settings can check
 * the parameter without loading the JSON codec. Immutable.
 *
 * @param exact    the class names listed
 * @param packages {@code com.shop.} for {@code com.shop.*}
 * @param trees    {@code com.shop.} for {@code com.shop.**}
 * @param text     the entries as given, normalised, for the start-up log
 */
record JsonTypes(Set<String> exact, List<String> packages, List<String> trees, String text) {

  /** Longest type name read from stored bytes or accepted in the list. */
  static final int MAX_NAME = 256;

  private static final String IDENTIFIER = "[A-Za-z_$][A-Za-z0-9_$]*";
  /** A binary class name: identifiers joined by dots, ASCII only. */
  private static final Pattern CLASS_NAME = Pattern.compile(IDENTIFIER + "(?:\\." + IDENTIFIER + ")*");
  private static final List<String> PLATFORM = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

  /** The empty list: only the built-in types. */
  static final JsonTypes NONE = new JsonTypes(Set.of(), List.of(), List.of(), "");

  /**
   * Parses the parameter's value.
   *
   * @param value entries separated by {@code ;}; null or blank for none
   * @throws IllegalArgumentException naming the first bad entry ({@code entry X}), or the whole value
   *     ({@code =V}) when it lists none
   */
  static JsonTypes parse(String value) {
    if (value == null || value.isBlank()) {
      return NONE;
    }
    Set<String> exact = new java.util.LinkedHashSet<>();
    List<String> packages = new ArrayList<>();
    List<String> trees = new ArrayList<>();
    List<String> entries = new ArrayList<>();
    for (String raw : value.split(";")) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      String name;
      if (entry.endsWith(".**")) {
        name = entry.substring(0, entry.length() - 3);
        trees.add(name + ".");
      } else if (entry.endsWith(".*")) {
        name = entry.substring(0, entry.length() - 2);
        packages.add(name + ".");
      } else {
        name = entry;
        exact.add(name);
      }
      if (name.length() > MAX_NAME || !CLASS_NAME.matcher(name).matches() || isPlatform(name + ".")) {
        throw bad("entry " + entry);
      }
      entries.add(entry);
    }
    if (entries.isEmpty()) {
      throw bad("=" + value.trim());
    }
    return new JsonTypes(Set.copyOf(exact), List.copyOf(packages), List.copyOf(trees), String.join(";", entries));
  }

  /** What is refused: {@code entry X}, or {@code =V} for the whole value (the filter's message adds the rest). */
  private static IllegalArgumentException bad(String what) {
    return new IllegalArgumentException(what);
  }

  /** Whether {@code name} has the form of a binary class name of at most {@value #MAX_NAME} characters. */
  static boolean isClassName(String name) {
    return name.length() <= MAX_NAME && CLASS_NAME.matcher(name).matches();
  }

  /** Whether {@code name} (a well-formed class name) is in a platform package. */
  static boolean isPlatform(String name) {
    return PLATFORM.stream().anyMatch(name::startsWith);
  }

  /** Whether the list allows the class named {@code name}; false for a malformed or platform name. */
  boolean allows(String name) {
    if (!isClassName(name) || isPlatform(name)) {
      return false;
    }
    if (exact.contains(name)) {
      return true;
    }
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return false;
    }
    String pkg = name.substring(0, dot + 1);
    return packages.contains(pkg) || trees.stream().anyMatch(pkg::startsWith);
  }

  /** The entries as given, normalised, for the start-up log. */
  @Override
  public String toString() {
    return text.isEmpty() ? "(none)" : text;
  }
}
