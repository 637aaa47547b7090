package dev.cloakroom.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * A test that runs on each container of the matrix with each constant of an enum, named by both: the
 * method takes the {@link AppServer.Kind} to run on, then the constant.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0} {1}")
@ArgumentsSource(EveryContainerWith.Matrix.class)
public @interface EveryContainerWith {

  /** The enum whose constants the test takes, each on every container. */
  Class<? extends Enum<?>> value();

  /** Every kind with each constant, kind by kind. */
  final class Matrix implements ArgumentsProvider, AnnotationConsumer<EveryContainerWith> {
    private Enum<?>[] constants;

    @Override
    public void accept(EveryContainerWith annotation) {
      constants = annotation.value().getEnumConstants();
    }

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
      return AppServer.Kind.withEach(constants);
    }
  }
}
