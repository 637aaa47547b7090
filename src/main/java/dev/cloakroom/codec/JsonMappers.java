package dev.cloakroom.codec;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.jsontype.TypeResolverBuilder;
import java.util.List;

/**
 * The one Jackson configuration of the JSON codec: bounds on what is read and written, lenient about
 * properties a class gained or lost, strict about types, and without any polymorphic typing.
 */
final class JsonMappers {

  /** The oldest Jackson with every bound used here ({@code StreamReadConstraints.maxTokenCount}). */
  static final int MIN_MINOR = 18;

  private JsonMappers() {}

  /**
   * Fails unless the Jackson on the class path (core and databind) is 2.18 or later: an older one lacks
   * bounds the codec relies on.
   */
  static void requireVersion() {
    for (Version v : List.of(com.fasterxml.jackson.core.json.PackageVersion.VERSION,
        com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION)) {
      if (v.getMajorVersion() != 2 || v.getMinorVersion() < MIN_MINOR) {
        throw new IllegalStateException("the JSON codec needs Jackson 2." + MIN_MINOR + " or a later 2.x; the"
            + " class path has " + v.getGroupId() + ":" + v.getArtifactId() + " " + v);
      }
    }
  }

  static ObjectMapper create() {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxDocumentLength(JsonCodec.MAX_BYTES)
            .maxNestingDepth(JsonCodec.MAX_DEPTH)
            .maxStringLength(JsonCodec.MAX_STRING)
            .maxNameLength(JsonCodec.MAX_STRING)
            .maxNumberLength(JsonCodec.MAX_NUMBER)
            .maxTokenCount(JsonCodec.MAX_TOKENS)
            .build())
        .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(JsonCodec.MAX_DEPTH).build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION) // messages never quote the bytes
        .disable(JsonFactory.Feature.INTERN_FIELD_NAMES) // names in stored bytes never reach the JVM's string table
        .build();
    return JsonMapper.builder(factory)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // a field the class lost is ignored
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS) // "42" is no int, 1 no boolean
        .annotationIntrospector(new NoTypeInfo())
        .polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder().build()) // allows no subtype at all
        .addModule(JsonScalars.timeModule())
        .build();
  }

  /**
   * Jackson's annotations, without polymorphic typing: {@code @JsonTypeInfo} and {@code @JsonSubTypes}
   * are ignored, so no type id is written, and a type id in the bytes is only an unknown property.
   */
  private static final class NoTypeInfo extends JacksonAnnotationIntrospector {
    private static final long serialVersionUID = 1L;

    @Override
    public JsonTypeInfo.Value findPolymorphicTypeInfo(MapperConfig<?> config, Annotated ann) {
      return null;
    }

    @Override
    public TypeResolverBuilder<?> findTypeResolver(MapperConfig<?> config, AnnotatedClass ac, JavaType baseType) {
      return null;
    }

    @Override
    public TypeResolverBuilder<?> findPropertyTypeResolver(MapperConfig<?> config, AnnotatedMember am,
        JavaType baseType) {
      return null;
    }

    @Override
    public TypeResolverBuilder<?> findPropertyContentTypeResolver(MapperConfig<?> config, AnnotatedMember am,
        JavaType containerType) {
      return null;
    }

    @Override
    public List<NamedType> findSubtypes(Annotated a) {
      return null;
    }
  }
}
