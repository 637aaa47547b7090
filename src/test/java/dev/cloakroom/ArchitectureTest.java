package dev.cloakroom;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The package rules of docs/ARCHITECTURE.md: no cycles between packages; public only what users call
 * (the API) and the filter's few doors into the store and codec packages, each used by the filter alone;
 * no public signature that shows a type users cannot name; each optional dependency only in its own
 * package.
 */
class ArchitectureTest {

  private static final JavaClasses LIBRARY = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.cloakroom");

  /** What users call: the filter, its settings, the SPIs, the session inventory and status, the events. */
  private static final Set<String> API = Set.of(
      "dev.cloakroom.SessionFilter",
      "dev.cloakroom.Settings",
      "dev.cloakroom.Param",
      "dev.cloakroom.SettingsException",
      "dev.cloakroom.SessionLimitException",
      "dev.cloakroom.SessionInventory",
      "dev.cloakroom.SessionStatus",
      "dev.cloakroom.StoreFactory",
      "dev.cloakroom.store.SessionRepository",
      "dev.cloakroom.store.SessionRecord",
      "dev.cloakroom.store.SessionDelta",
      "dev.cloakroom.store.LiveAttributes",
      "dev.cloakroom.store.ClientFingerprint",
      "dev.cloakroom.store.StoreException",
      "dev.cloakroom.store.StoreUnavailableException",
      "dev.cloakroom.store.Breaker",
      "dev.cloakroom.codec.AttributeCodec",
      "dev.cloakroom.codec.CodecException",
      "dev.cloakroom.event.SessionEvent",
      "dev.cloakroom.event.SessionMetrics",
      "dev.cloakroom.event.SessionMetricsMXBean",
      "dev.cloakroom.event.ClientChange",
      "dev.cloakroom.event.ClientChangeListener",
      "dev.cloakroom.event.AnomalyListener",
      "dev.cloakroom.metrics.CloakroomMeterBinder");

  /** Public only so the filter package can reach into a package of its own; not API. */
  private static final Set<String> DOORS = Set.of(
      "dev.cloakroom.codec.Codecs",
      "dev.cloakroom.store.memory.MemoryRepository",
      "dev.cloakroom.store.redis.RedisEndpoints",
      "dev.cloakroom.store.redis.RedisStoreFactory",
      "dev.cloakroom.store.jdbc.JdbcStoreFactory");

  /** Every package is one slice. */
  private static final SliceAssignment PACKAGES = new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass type) {
      return SliceIdentifier.of(type.getPackageName());
    }

    @Override
    public String getDescription() {
      return "packages of dev.cloakroom";
    }
  };

  @Test
  void packagesWhenImportedThenNoCycleBetweenThem() {
    slices().assignedFrom(PACKAGES).should().beFreeOfCycles().check(LIBRARY);
  }

  @Test
  void publicTypesWhenListedThenExactlyTheApiAndTheDoors() {
    Set<String> publicTypes = LIBRARY.stream()
        .filter(c -> c.isTopLevelClass() && c.getModifiers().contains(JavaModifier.PUBLIC))
        .map(JavaClass::getName)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> expected = new TreeSet<>(API);
    expected.addAll(DOORS);

    assertThat(publicTypes).containsExactlyElementsOf(expected);
  }

  @Test
  void doorsWhenUsedThenOnlyByTheFilterPackageAndTheirOwn() {
    for (String door : DOORS) {
      String own = door.substring(0, door.lastIndexOf('.'));
      classes().that().haveFullyQualifiedName(door)
          .should().onlyBeAccessed().byClassesThat().resideInAnyPackage("dev.cloakroom", own)
          .check(LIBRARY);
    }
  }

  @Test
  void apiWhenItsPublicMembersAreReadThenEveryTypeTheyShowIsPublic() {
    List<String> hidden = new ArrayList<>();
    for (JavaClass type : LIBRARY) {
      if (!API.contains(type.getName()) && !(type.getEnclosingClass().isPresent()
          && API.contains(type.getEnclosingClass().get().getName()) && isVisible(type))) {
        continue;
      }
      for (JavaMember member : type.getMembers()) {
        if (!member.getModifiers().contains(JavaModifier.PUBLIC)
            && !member.getModifiers().contains(JavaModifier.PROTECTED)) {
          continue;
        }
        shownTypes(member).filter(t -> t.getPackageName().startsWith("dev.cloakroom") && !isVisible(t))
            .forEach(t -> hidden.add(member.getFullName() + " shows " + t.getName()));
      }
    }

    assertThat(hidden).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"io.lettuce.., dev.cloakroom.store.redis", "com.zaxxer.hikari.., dev.cloakroom.store.jdbc",
      "com.fasterxml.jackson.., dev.cloakroom.codec", "io.micrometer.., dev.cloakroom.metrics"})
  void optionalDependencyWhenUsedThenOnlyInItsOwnPackage(String dependency, String home) {
    noClasses().that().resideOutsideOfPackage(home)
        .should().dependOnClassesThat().resideInAPackage(dependency)
        .check(LIBRARY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev.cloakroom.store..", "dev.cloakroom.codec..", "dev.cloakroom.event.."})
  void spiPackagesWhenImportedThenTheyKnowNothingOfTheFilter(String spi) {
    noClasses().that().resideInAPackage(spi)
        .should().dependOnClassesThat().resideInAPackage("dev.cloakroom")
        .check(LIBRARY);
  }

  @Test
  void packagesWhenImportedThenEachSaysInItsPackageInfoWhatInItIsApi() throws java.io.IOException {
    for (String pkg : LIBRARY.stream().map(JavaClass::getPackageName).collect(Collectors.toCollection(TreeSet::new))) {
      java.nio.file.Path info = java.nio.file.Path.of("src/main/java", pkg.replace('.', '/'), "package-info.java");

      assertThat(info).as(pkg).exists();
      assertThat(java.nio.file.Files.readString(info)).as(pkg).containsAnyOf("<b>API</b>", "<b>No API.</b>");
    }
  }

  /** A public type, nested only in public types. */
  private static boolean isVisible(JavaClass type) {
    for (JavaClass t = type; t != null; t = t.getEnclosingClass().orElse(null)) {
      if (!t.getModifiers().contains(JavaModifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }

  private static Stream<JavaClass> shownTypes(JavaMember member) {
    if (member instanceof JavaMethod method) {
      return Stream.concat(Stream.of(method.getRawReturnType()), method.getRawParameterTypes().stream());
    }
    if (member instanceof com.tngtech.archunit.core.domain.JavaConstructor constructor) {
      return constructor.getRawParameterTypes().stream();
    }
    if (member instanceof com.tngtech.archunit.core.domain.JavaField field) {
      return Stream.of(field.getRawType());
    }
    return Stream.empty();
  }
}
