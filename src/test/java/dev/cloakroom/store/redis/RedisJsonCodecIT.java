package dev.cloakroom.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.Internals;
import dev.cloakroom.Settings;
import dev.cloakroom.codec.CodecStoreContract;
import dev.cloakroom.codec.shop.Cart;
import dev.cloakroom.codec.vault.Ledger;
import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.Services;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The codec contract for the JSON codec on the machine's Redis (127.0.0.1:6379), a fresh namespace per
 * test, dropped after it; plus what an operator sees there: the value as JSON text.
 */
class RedisJsonCodecIT extends CodecStoreContract {

  private static final SecureRandom RANDOM = new SecureRandom();
  @AutoClose
  private static RedisNamespaces namespaces;
  private RedisRepository repository;

  @BeforeAll
  static void connect() {
    namespaces = RedisNamespaces.local();
  }

  @Override
  protected SessionRepository openStore(FakeClock clock) {
    repository = RedisStoreFactory.connect(RedisEndpoints.parse(Services.REDIS_URL),
        new RedisKeys("cloakroom-json-" + Long.toHexString(RANDOM.nextLong() & 0xffffffffL)),
        Duration.ofSeconds(2), clock);
    return repository;
  }

  @Override
  protected void cleanStore() {
    if (repository != null) {
      namespaces.drop(repository.keys().namespace());
    }
  }

  @Override
  protected Settings.Builder codec(Settings.Builder builder) {
    return builder.codec(List.of(Settings.Codec.JSON)).jsonTypes("dev.cloakroom.codec.shop.*");
  }

  @Override
  protected Object refusedValue() {
    return new Ledger("not on jsonTypes");
  }

  @Test
  void saveWhenJsonCodecThenTheHashFieldHoldsReadableJson() {
    String key = Internals.storeKey(Internals.newId(RANDOM));
    Instant now = clock.instant();
    Cart cart = new Cart("ann", List.of(new Cart.Line("tea", 2, new BigDecimal("3.50"))), null, null);
    byte[] json = dev.cloakroom.codec.Codecs.open(List.of("json"), null,
        dev.cloakroom.codec.Codecs.json("dev.cloakroom.codec.shop.*")).encode(cart);
    repository.create(new SessionRecord(key, now, now, null, Duration.ofMinutes(30), Duration.ofHours(8), null,
        Map.of()));
    SessionRecord record = repository.load(key).orElseThrow();
    repository.save(key, new SessionDelta(Map.of("cart", json), Set.of(), null, null, null, record.expiresAt()));

    String field = namespaces.raw.hget(new String(repository.keys().session(key), StandardCharsets.UTF_8), "a:cart");

    assertThat(field).isEqualTo("{\"t\":\"dev.cloakroom.codec.shop.Cart\",\"v\":{\"owner\":\"ann\",\"lines\":[{\"sku\":"
        + "\"tea\",\"quantity\":2,\"price\":3.50}],\"updated\":null,\"size\":null}}");
  }
}
