package dev.cloakroom.codec;

import dev.cloakroom.Settings;

/** The codec contract for the default codec, Java serialization, on the memory store, values encoded. */
class MemorySerializationCodecTest extends CodecStoreContract {

  @Override
  protected Settings.Builder codec(Settings.Builder builder) {
    return builder.memoryEncoding(true).serializationFilter("dev.cloakroom.codec.shop.*");
  }

  @Override
  protected Object refusedValue() {
    return new Object(); // not Serializable
  }
}
