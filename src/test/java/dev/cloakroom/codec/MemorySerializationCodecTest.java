package dev.cloakroom.codec;

import dev.cloakroom.Settings;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.FakeClock;

/** The codec contract for the default codec, Java serialization, on the memory store, values encoded. */
class MemorySerializationCodecTest extends CodecStoreContract {

  @Override
  protected SessionRepository openStore(FakeClock clock) {
    return new MemoryRepository(100);
  }

  @Override
  protected Settings.Builder codec(Settings.Builder builder) {
    return builder.memoryEncoding(true).serializationFilter("dev.cloakroom.codec.shop.*");
  }

  @Override
  protected Object refusedValue() {
    return new Object(); // not Serializable
  }
}
