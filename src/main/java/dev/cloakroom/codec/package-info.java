/**
 * The codec SPI and the built-in codecs: how an attribute value becomes the bytes a store keeps.
 *
 * <p><b>API</b> (public): {@link dev.cloakroom.codec.AttributeCodec}, to give the filter a codec of your own
 * ({@code Settings.Builder.codec}), and {@link dev.cloakroom.codec.CodecException}, its failure.
 *
 * <p>The built-in codecs, Java serialization behind an allow-list and JSON through Jackson (an optional
 * dependency: only this package refers to it), are package-private; {@link dev.cloakroom.codec.Codecs} is
 * public as the filter's door to them, not API. This package depends on nothing else of the library.
 *
 * @since 0.1
 */
package dev.cloakroom.codec;
