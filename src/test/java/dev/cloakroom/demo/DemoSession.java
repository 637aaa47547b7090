package dev.cloakroom.demo;

import dev.cloakroom.support.RedisProcess;
import dev.cloakroom.support.Services;
import java.nio.file.Path;
import java.util.Map;

/**
 * One demo server with one browser profile open on it, for a test class: optionally on a
 * {@code redis-server} of its own, which the test may stop and start. Closing it closes the browser,
 * deletes the profile, stops the demo and then its Redis, whatever part of the start-up got done.
 */
final class DemoSession implements AutoCloseable {

  /** The private Redis, or null on another store. */
  final RedisProcess redis;
  final DemoServer demo;
  final Browser browser;
  private final Path profile;

  private DemoSession(RedisProcess redis, DemoServer demo, Path profile, Browser browser) {
    this.redis = redis;
    this.demo = demo;
    this.profile = profile;
    this.browser = browser;
  }

  /** The demo on {@code store} with {@code params} over web.xml's, and a browser on it. */
  static DemoSession on(String store, Map<String, String> params) throws Exception {
    Browser.require();
    return start(null, store, params);
  }

  /** The demo on a {@code redis-server} of its own, with {@code params} over web.xml's, and a browser on it. */
  static DemoSession onPrivateRedis(Map<String, String> params) throws Exception {
    Browser.require();
    Services.requireRedisServer();
    RedisProcess redis = RedisProcess.start();
    try {
      return start(redis, redis.uri(), params);
    } catch (Exception | Error e) {
      redis.close();
      throw e;
    }
  }

  private static DemoSession start(RedisProcess redis, String store, Map<String, String> params) throws Exception {
    DemoServer demo = DemoServer.start(0, store, params);
    Path profile = null;
    try {
      profile = Browser.newProfile();
      return new DemoSession(redis, demo, profile, Browser.open(profile, demo.baseUrl()));
    } catch (Exception | Error e) {
      if (profile != null) {
        Browser.deleteProfile(profile);
      }
      demo.close();
      throw e;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      browser.close();
      Browser.deleteProfile(profile);
    } finally {
      try {
        demo.close();
      } finally {
        if (redis != null) {
          redis.close();
        }
      }
    }
  }
}
