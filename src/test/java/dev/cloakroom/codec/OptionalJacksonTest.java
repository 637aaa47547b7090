package dev.cloakroom.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jackson is optional: the filter, started by init-params in a class loader that holds only the library,
 * SLF4J and the Servlet API, runs on the Java codec without Jackson, and {@code codec=json} fails its
 * {@code init} with a message naming the missing dependency. With Jackson added to the same loader,
 * {@code codec=json} starts, which shows the failure is Jackson's absence and nothing else.
 */
class OptionalJacksonTest {

  /** The isolated loaders get SLF4J without a provider: no warning about it in the build's output. */
  @BeforeAll
  static void quietSlf4j() {
    System.setProperty("slf4j.internal.verbosity", "ERROR");
  }

  @AfterAll
  static void restoreSlf4j() {
    System.clearProperty("slf4j.internal.verbosity");
  }

  private static URL jarOf(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation();
  }

  /** A loader over the library's classes, SLF4J and the Servlet API; plus Jackson when asked. */
  private static URLClassLoader isolated(boolean withJackson) {
    List<URL> urls = new ArrayList<>(List.of(jarOf(Codecs.class), jarOf(org.slf4j.Logger.class),
        jarOf(jakarta.servlet.Filter.class)));
    if (withJackson) {
      urls.addAll(List.of(jarOf(com.fasterxml.jackson.databind.ObjectMapper.class),
          jarOf(com.fasterxml.jackson.core.JsonParser.class),
          jarOf(com.fasterxml.jackson.annotation.JsonTypeInfo.class)));
    }
    return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  /** Starts and stops a filter of {@code loader} with these init-params; returns why init failed, or null. */
  private static Throwable initFails(ClassLoader loader, Map<String, String> params) throws Exception {
    Class<?> filterType = Class.forName("dev.cloakroom.SessionFilter", true, loader);
    Class<?> configType = Class.forName("jakarta.servlet.FilterConfig", false, loader);
    Object config = Proxy.newProxyInstance(loader, new Class<?>[] {configType}, (proxy, method, args) ->
        switch (method.getName()) {
          case "getFilterName" -> "isolated";
          case "getInitParameterNames" -> Collections.enumeration(params.keySet());
          case "getInitParameter" -> params.get((String) args[0]);
          default -> null; // no ServletContext: the filter does without
        });
    Object filter = filterType.getConstructor().newInstance();
    Method init = filterType.getMethod("init", configType);
    try {
      init.invoke(filter, config);
    } catch (InvocationTargetException e) {
      return e.getCause();
    }
    filterType.getMethod("destroy").invoke(filter);
    return null;
  }

  @Test
  void initWhenJavaCodecAndNoJacksonThenStarts() throws Exception {
    try (URLClassLoader loader = isolated(false)) {
      assertThat(initFails(loader, Map.of("memoryEncoding", "true"))).isNull();
    }
  }

  @Test
  void initWhenJsonCodecAndNoJacksonThenFailsNamingTheDependency() throws Exception {
    try (URLClassLoader loader = isolated(false)) {
      Throwable failure = initFails(loader, Map.of("codec", "json"));

      assertThat(failure).isNotNull();
      assertThat(failure.getClass().getName()).isEqualTo("jakarta.servlet.ServletException");
      assertThat(failure.getMessage()).isEqualTo("Cloakroom filter isolated: codec=json needs"
          + " com.fasterxml.jackson.core:jackson-databind 2.18 or later on the class path (an optional dependency"
          + " of Cloakroom); add it to the application");
    }
  }

  @Test
  void initWhenJsonCodecAndJacksonPresentThenStarts() throws Exception {
    try (URLClassLoader loader = isolated(true)) {
      assertThat(initFails(loader, Map.of("codec", "json"))).isNull();
    }
  }

  @Test
  void javaCodecWhenNoJacksonThenEncodesAndDecodes() throws Exception {
    try (URLClassLoader loader = isolated(false)) {
      Class<?> codecType = Class.forName("dev.cloakroom.codec.AttributeCodec", false, loader);
      Object codec = Class.forName("dev.cloakroom.codec.Codecs", true, loader)
          .getMethod("open", List.class, codecType, java.util.function.Supplier.class)
          .invoke(null, List.of("java"), null, null);
      byte[] bytes = (byte[]) codecType.getMethod("encode", Object.class).invoke(codec, "hello");

      assertThat(codecType.getMethod("decode", byte[].class, ClassLoader.class).invoke(codec, bytes, loader))
          .isEqualTo("hello");
    }
  }

  @Test
  void jsonCodecWhenNoJacksonThenItsClassCannotEvenLoad() throws Exception {
    try (URLClassLoader loader = isolated(false)) {
      assertThatThrownBy(() -> Class.forName("dev.cloakroom.codec.JsonCodec", true, loader)
          .getDeclaredConstructor(Class.forName("dev.cloakroom.codec.JsonTypes", false, loader))
          .newInstance((Object) null))
          .isInstanceOf(NoClassDefFoundError.class)
          .hasMessageStartingWith("com/fasterxml/jackson/");
    }
  }
}
