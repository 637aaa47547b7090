package dev.cloakroom.bench;

import java.time.Duration;

/** CPU time of processes (user + system), as the operating system accounts it (clock-tick resolution). */
final class Cpu {

  private Cpu() {}

  /** The process's CPU time so far; zero if it is gone or the system does not tell. */
  static Duration of(long pid) {
    return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
  }
}
