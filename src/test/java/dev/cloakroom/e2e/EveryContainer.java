package dev.cloakroom.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A test that runs once on each container of the matrix, named by the container: the method takes the
 * {@link AppServer.Kind} to run on. A test with one more parameter uses {@link AppServer.Kind#withEach}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@EnumSource(AppServer.Kind.class)
public @interface EveryContainer {}
