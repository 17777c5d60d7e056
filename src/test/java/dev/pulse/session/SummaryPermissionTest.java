package dev.pulse.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pulse.bus.Addresses;
import io.vertx.ext.bridge.PermittedOptions;
import org.junit.jupiter.api.Test;

/** The bridge lets {@code pulse.summary.<host>} out, and only that shape; nothing under it comes in. */
class SummaryPermissionTest {

  private static boolean outbound(String address) {
    return SessionBridge.options(30_000).getOutboundPermitteds().stream().map(PermittedOptions::getAddressRegex)
        .anyMatch(re -> re != null && address.matches(re));
  }

  @Test
  void aHostSummaryPassesOutboundOnly() {
    assertTrue(outbound(Addresses.summary("local")));
    assertTrue(outbound(Addresses.summary("web-1_b")));
    assertFalse(outbound(Addresses.summary("local") + ".x"), "one host name, no dots");
    assertFalse(outbound(Addresses.SUMMARY_PREFIX), "a host name is required");
    assertFalse(SessionBridge.options(30_000).getInboundPermitteds().stream()
        .anyMatch(p -> Addresses.summary("local").equals(p.getAddress())
            || (p.getAddressRegex() != null && Addresses.summary("local").matches(p.getAddressRegex()))));
  }
}
