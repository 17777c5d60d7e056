package dev.pulse.polling;

import dev.pulse.bus.ContainerKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The supervisor's decisions without Vert.x: who wants which container, and from that whether its poller should run,
 * be stopped, or be forgotten, and when to look again. A container is wanted while a holder (a session) leases it,
 * while a REST read touched it within the idle timeout, or during the linger after its last holder left. Time comes in
 * as an argument, so tests drive it; the owning verticle calls it only on its event loop.
 */
final class LeaseTable {

  /**
   * What to do about one container now. {@code forget}: nobody wants it, stop its poller and drop it; otherwise its
   * poller runs exactly when {@code run}, and {@code recheckInMs} (when not -1) is when the want may run out.
   */
  record Decision(ContainerKey key, boolean forget, boolean run, long recheckInMs) {}

  private static final class Want {
    final Set<String> holders = new HashSet<>();
    long restUntil;
    long lingerUntil;
    boolean running;
  }

  private final long lingerMs;
  private final long idleTimeoutMs;
  private final Map<ContainerKey, Want> wants = new HashMap<>();

  LeaseTable(long lingerMs, long idleTimeoutMs) {
    this.lingerMs = lingerMs;
    this.idleTimeoutMs = idleTimeoutMs;
  }

  /** {@code holder} watches the container (found {@code running} or not); a linger under way ends. */
  Decision acquire(ContainerKey key, String holder, boolean running, long now) {
    Want w = wants.computeIfAbsent(key, k -> new Want());
    w.holders.add(holder);
    w.lingerUntil = 0;
    w.running = running;
    return decide(key, w, now);
  }

  /** A REST read: wanted for the idle timeout from now. */
  Decision touch(ContainerKey key, boolean running, long now) {
    Want w = wants.computeIfAbsent(key, k -> new Want());
    w.restUntil = now + idleTimeoutMs;
    w.running = running;
    return decide(key, w, now);
  }

  /** {@code holder} stops watching; null when it did not hold the container (nothing changes). */
  Decision release(ContainerKey key, String holder, long now) {
    Want w = key == null ? null : wants.get(key);
    return w == null || !w.holders.remove(holder) ? null : released(key, w, now);
  }

  /** {@code holder} has ended: every container it held. */
  List<Decision> releaseAll(String holder, long now) {
    List<Decision> out = new ArrayList<>();
    for (Map.Entry<ContainerKey, Want> e : new ArrayList<>(wants.entrySet())) {
      if (e.getValue().holders.remove(holder)) out.add(released(e.getKey(), e.getValue(), now));
    }
    return out;
  }

  /** Holders on cluster members that are gone (killed without a goodbye): their leases are dropped. */
  List<Decision> dropHoldersNotOn(Collection<String> aliveMembers, long now) {
    List<Decision> out = new ArrayList<>();
    for (Map.Entry<ContainerKey, Want> e : new ArrayList<>(wants.entrySet())) {
      if (e.getValue().holders.removeIf(h -> !aliveMembers.contains(LeaseClient.memberOf(h)))) {
        out.add(released(e.getKey(), e.getValue(), now));
      }
    }
    return out;
  }

  /** The container started or stopped; null when nobody wants it. */
  Decision running(ContainerKey key, boolean running, long now) {
    Want w = wants.get(key);
    if (w == null) return null;
    w.running = running;
    return decide(key, w, now);
  }

  /** The time a decision said to look again has come; null when the container was forgotten meanwhile. */
  Decision recheck(ContainerKey key, long now) {
    Want w = wants.get(key);
    return w == null ? null : decide(key, w, now);
  }

  /** The container was removed: whatever wanted it, it is gone. */
  void remove(ContainerKey key) {
    wants.remove(key);
  }

  boolean wanted(ContainerKey key) {
    return wants.containsKey(key);
  }

  /** The containers of {@code host} anybody wants. */
  List<ContainerKey> keysOf(String host) {
    return wants.keySet().stream().filter(k -> k.host().equals(host)).toList();
  }

  private Decision released(ContainerKey key, Want w, long now) {
    if (w.holders.isEmpty()) w.lingerUntil = now + lingerMs;
    return decide(key, w, now);
  }

  private Decision decide(ContainerKey key, Want w, long now) {
    boolean held = !w.holders.isEmpty();
    long until = Math.max(w.restUntil, w.lingerUntil);
    if (!held && now >= until) {
      wants.remove(key);
      return new Decision(key, true, false, -1);
    }
    return new Decision(key, false, w.running, held ? -1 : Math.max(1, until - now));
  }
}
