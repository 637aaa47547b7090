package dev.cloakroom.codec;

import dev.cloakroom.Settings;
import dev.cloakroom.codec.vault.Ledger;
import java.util.List;

/** The codec contract for the JSON codec on the memory store, values encoded. */
class MemoryJsonCodecTest extends CodecStoreContract {

  @Override
  protected Settings.Builder codec(Settings.Builder builder) {
    return builder.memoryEncoding(true).codec(List.of(Settings.Codec.JSON)).jsonTypes("dev.cloakroom.codec.shop.*");
  }

  @Override
  protected Object refusedValue() {
    return new Ledger("not on jsonTypes");
  }
}
