package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One vocabulary: each {@link Param} is a getter and a builder method of its name, and its default is its text. */
class SettingsTest {

  /** Except signingKeys: the keys are secrets, read by the filter only. */
  @ParameterizedTest
  @EnumSource(value = Param.class, names = "SIGNING_KEYS", mode = EnumSource.Mode.EXCLUDE)
  void settingsWhenParamDeclaredThenAPublicGetterOfItsName(Param p) throws Exception {
    Method getter = Settings.class.getMethod(p.key());

    assertThat(Modifier.isPublic(getter.getModifiers())).isTrue();
  }

  /** Except signingKeys: the getter holds the keys as read, the builder takes their text (code only). */
  @ParameterizedTest
  @EnumSource(value = Param.class, names = "SIGNING_KEYS", mode = EnumSource.Mode.EXCLUDE)
  void builderWhenParamDeclaredThenAMethodOfItsNameTakingWhatTheGetterGives(Param p) throws Exception {
    Class<?> type = Settings.class.getDeclaredMethod(p.key()).getReturnType();

    assertThat(Arrays.stream(Settings.Builder.class.getMethods())
        .filter(m -> m.getName().equals(p.key()) && m.getParameterCount() == 1)
        .map(m -> m.getParameterTypes()[0]))
        .contains(type);
  }

  @ParameterizedTest
  @EnumSource(Param.class)
  void builderWhenNothingSetThenEachDefaultIsItsParamTextRead(Param p) throws Exception {
    Method getter = Settings.class.getDeclaredMethod(p.key());
    Object byDefault = getter.invoke(Settings.builder().build());

    if (p.hasDefaultValue()) {
      Object fromText = getter.invoke(Settings.fromParams(Map.of(p.key(), p.defaultText())));
      assertThat(byDefault).isEqualTo(fromText);
    } else if (p != Param.MAX_SESSIONS) {
      assertThat(byDefault).isIn(null, 0, java.util.List.of());
    }
  }

  @Test
  void toStringWhenDefaultsThenEveryParamOnceInParamOrderAsItCouldBeWritten() {
    String line = " " + Settings.builder().build().toString();

    int at = -1;
    for (String key : Param.keys()) {
      assertThat(line.indexOf(" " + key + "=")).as(key).isGreaterThan(at)
          .isEqualTo(line.lastIndexOf(" " + key + "="));
      at = line.indexOf(" " + key + "=");
    }
    assertThat(line).contains(" idleTimeout=PT30M ", " cookieSameSite=Lax ", " cookiePath=(context path) ",
        " trustedProxies=(none) ", " sessionIdSources=cookie ", " sessionLimitPolicy=end-oldest ");
  }

  @Test
  void toStringWhenListsSetThenCommaSeparatedAsGiven() {
    String line = Settings.fromParams(Map.of("trustedProxies", "10.0.0.0/8, ::1", "sessionIdSources", "header,cookie"))
        .toString();

    assertThat(line).contains(" trustedProxies=10.0.0.0/8,::1 ", " sessionIdSources=header,cookie ");
  }

  @Test
  void toBuilderWhenBuiltAgainThenSameSettingsAndExplicitKept() {
    Settings s = Settings.fromParams(Map.of("idleTimeout", "20m", "cookieSameSite", "strict"));

    Settings again = s.toBuilder().build();

    assertThat(again.toString()).isEqualTo(s.toString());
    assertThat(again.explicit()).containsExactlyInAnyOrder("idleTimeout", "cookieSameSite");
  }
}
