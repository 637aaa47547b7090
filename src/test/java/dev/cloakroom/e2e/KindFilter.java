package dev.cloakroom.e2e;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * Limits a test run to the containers named by {@value AppServer.Kind#KINDS_PROPERTY}, so the second
 * failsafe run (Tomcat 10.1 in place of Tomcat 11) repeats only the container-matrix cases of the Tomcat
 * kind: a test class or method that takes no {@link AppServer.Kind} is disabled, and an invocation whose
 * {@code Kind} argument is not in the run is skipped with its reason. Without the property it does
 * nothing. Registered through the {@code ServiceLoader} (extension auto-detection, switched on for that
 * run only).
 */
public final class KindFilter implements ExecutionCondition, InvocationInterceptor {

  private static final ConditionEvaluationResult RUN = ConditionEvaluationResult.enabled("all kinds run");

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (System.getProperty(AppServer.Kind.KINDS_PROPERTY, "").isBlank()) {
      return RUN;
    }
    Optional<Method> method = context.getTestMethod();
    boolean matrix = method.isPresent() ? takesKind(method.get())
        : context.getTestClass().map(c -> Arrays.stream(c.getDeclaredMethods()).anyMatch(KindFilter::takesKind))
            .orElse(true);
    return matrix ? RUN : ConditionEvaluationResult.disabled(
        "not a container-matrix test; this run covers only " + System.getProperty(AppServer.Kind.KINDS_PROPERTY));
  }

  @Override
  public void interceptTestTemplateMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
    for (Object argument : invocationContext.getArguments()) {
      if (argument instanceof AppServer.Kind kind && !kind.enabled()) {
        invocation.skip();
        throw new TestAbortedException(kind.name() + " is not in this run ("
            + AppServer.Kind.KINDS_PROPERTY + "=" + System.getProperty(AppServer.Kind.KINDS_PROPERTY) + ")");
      }
    }
    invocation.proceed();
  }

  private static boolean takesKind(Method m) {
    return AnnotationSupport.isAnnotated(m, TestTemplate.class)
        && Arrays.asList(m.getParameterTypes()).contains(AppServer.Kind.class);
  }
}
