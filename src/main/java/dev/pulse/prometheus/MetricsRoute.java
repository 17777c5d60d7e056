package dev.pulse.prometheus;

import dev.pulse.bus.Actions;
import dev.pulse.bus.Addresses;
import dev.pulse.bus.ContainerKey;
import dev.pulse.bus.Fields;
import dev.pulse.command.CommandClient;
import dev.pulse.config.SecurityConfig;
import dev.pulse.metrics.Counters;
import dev.pulse.polling.LeaseClient;
import dev.pulse.session.SessionClient;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code GET /metrics}: every running container of every host of the cluster under cAdvisor's names, then this
 * node's own families. A scrape counts as access: it touches each running container's REST lease, so pollers start
 * for what is scraped and the idle timeout stops them when scraping stops (the first scrape may lack containers whose
 * poller has not sampled twice yet). Runs on the HTTP verticle's event loop and keeps no state between scrapes.
 */
public final class MetricsRoute {

  private static final DeliveryOptions ASK = new DeliveryOptions().setSendTimeout(5_000);

  private final Vertx vertx;
  private final SecurityConfig security;
  private final Function<MultiMap, Future<Boolean>> loggedIn;
  private final byte[] tokenDigest;
  private final CommandClient commands;
  private final LeaseClient leases;
  private final SessionClient sessions;

  /** @param loggedIn whether a request's headers carry a live login (the page's cookie) */
  public MetricsRoute(Vertx vertx, SecurityConfig security, Function<MultiMap, Future<Boolean>> loggedIn) {
    this.vertx = vertx;
    this.security = security;
    this.loggedIn = loggedIn;
    this.commands = new CommandClient(vertx, ASK);
    this.leases = new LeaseClient(vertx, ASK);
    this.sessions = new SessionClient(vertx, ASK);
    this.tokenDigest = security.metricsToken() == null ? null : sha256(security.metricsToken());
  }

  public void handle(RoutingContext ctx) {
    if (!security.authEnabled() || bearer(ctx.request().getHeader("Authorization"))) {
      scrape(ctx);
      return;
    }
    loggedIn.apply(ctx.request().headers()).onComplete(ar -> {
      if (ar.succeeded() && ar.result()) scrape(ctx);
      else unauthorized(ctx);
    });
  }

  private static void unauthorized(RoutingContext ctx) {
    ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"pulse\"")
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put(Fields.ERROR, "authentication required: a login, or Authorization: Bearer "
            + "<PULSE_METRICS_TOKEN>").encode());
  }

  private void scrape(RoutingContext ctx) {
    Future<JsonObject> hosts = commands.request(Actions.HOSTS_LIST);
    Future<JsonObject> containers = commands.request(Actions.CONTAINERS_LIST);
    Future<Integer> pollers = leases.pollers();
    Future<Integer> sessions = this.sessions.count();
    Future.all(hosts, containers).compose(v -> {
      List<Future<JsonObject>> scrapes = new ArrayList<>();
      for (Object h : hosts.result().getJsonArray(Fields.HOSTS)) {
        JsonObject host = (JsonObject) h;
        if (host.getBoolean(Fields.AVAILABLE, false)) {
          scrapes.add(ask(Addresses.scrape(host.getString(Fields.NAME)), new JsonObject())
              .otherwise((JsonObject) null));
        }
      }
      touch(containers.result().getJsonArray(Fields.CONTAINERS));
      return Future.join(scrapes).transform(ar -> Future.succeededFuture(scrapes));
    }).compose(scrapes -> Future.join(pollers, sessions).transform(ar -> vertx.executeBlocking(() -> {
      Exposition out = new Exposition();
      List<JsonObject> scraped = scrapes.stream().map(Future::result).filter(r -> r != null).toList();
      ContainerFamilies.write(out, containers.result().getJsonArray(Fields.CONTAINERS), scraped);
      PulseFamilies.write(out, hosts.result().getJsonArray(Fields.HOSTS), scraped,
          pollers.succeeded() ? pollers.result() : null,
          sessions.succeeded() ? sessions.result() : null);
      JvmMetrics.write(out);
      return out.toString();
    }, false))).onComplete(ar -> {
      if (ctx.response().ended()) return;
      if (ar.succeeded()) {
        ctx.response().putHeader("Content-Type", Exposition.CONTENT_TYPE).end(ar.result());
      } else {
        ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put(Fields.ERROR, "metrics not available").encode());
      }
    });
  }

  /** Every running container is read now: its poller runs for the idle timeout from here. */
  private void touch(JsonArray containers) {
    for (Object o : containers) {
      JsonObject c = (JsonObject) o;
      if (!"running".equals(c.getString(Fields.STATE))) continue;
      leases.touch(c.getString(Fields.HOST), c.getString(Fields.ID));
    }
  }

  /** {@code Bearer <token>} compared as SHA-256 digests in constant time (no early exit on the first wrong byte). */
  boolean bearer(String header) {
    if (tokenDigest == null || header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
    return MessageDigest.isEqual(tokenDigest, sha256(header.substring(7).trim()));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Future<JsonObject> ask(String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body, ASK).map(Message::body);
  }

  /** Container families under cAdvisor's names, labelled host, id, name, image. */
  static final class ContainerFamilies {

    private record Family(String name, String type, String help, String field, double scale) {}

    private static final List<Family> FAMILIES = List.of(
        new Family("container_cpu_usage_seconds_total", "counter", "Cumulative cpu time consumed in seconds.",
            Counters.CPU_NANOS, 1e-9),
        new Family("container_memory_usage_bytes", "gauge",
            "Current memory usage in bytes; as docker stats: without inactive file cache.", Counters.MEM_USAGE, 1),
        new Family("container_memory_working_set_bytes", "gauge", "Current working set in bytes.",
            Counters.MEM_USAGE, 1),
        new Family("container_spec_memory_limit_bytes", "gauge",
            "Memory limit for the container in bytes (the host's memory when unlimited, as docker stats).",
            Counters.MEM_LIMIT, 1),
        new Family("container_network_receive_bytes_total", "counter", "Cumulative count of bytes received.",
            Counters.NET_RX, 1),
        new Family("container_network_transmit_bytes_total", "counter", "Cumulative count of bytes transmitted.",
            Counters.NET_TX, 1),
        new Family("container_fs_reads_bytes_total", "counter", "Cumulative count of bytes read.",
            Counters.BLK_READ, 1),
        new Family("container_fs_writes_bytes_total", "counter", "Cumulative count of bytes written.",
            Counters.BLK_WRITE, 1),
        new Family("container_threads", "gauge", "Number of threads (and processes) running inside the container "
            + "(pids.current, docker stats' PIDS).", Counters.PIDS, 1),
        new Family("container_last_seen", "gauge", "Last time a container was seen by the exporter.",
            Counters.TIME_MS, 1e-3));

    static void write(Exposition out, JsonArray containers, List<JsonObject> scraped) {
      Map<ContainerKey, JsonObject> info = new HashMap<>();
      for (Object o : containers) {
        JsonObject c = (JsonObject) o;
        ContainerKey key = ContainerKey.of(c);
        if (key != null && "running".equals(c.getString(Fields.STATE))) info.put(key, c);
      }
      List<JsonObject> rows = new ArrayList<>();
      List<String[]> labels = new ArrayList<>();
      for (JsonObject host : scraped) {
        for (Object o : host.getJsonArray(Fields.CONTAINERS)) {
          JsonObject c = (JsonObject) o;
          JsonObject i = info.get(ContainerKey.of(c));
          if (i == null) continue; // stopped or removed: its series ends
          rows.add(c);
          labels.add(new String[] {"host", i.getString(Fields.HOST), "id", i.getString(Fields.ID),
              "name", i.getString(Fields.NAME), "image", i.getString(Fields.IMAGE)});
        }
      }
      for (Family f : FAMILIES) {
        out.family(f.name(), f.type(), f.help());
        for (int r = 0; r < rows.size(); r++) {
          JsonObject c = rows.get(r);
          out.sample(f.name(), c.getLong(f.field(), 0L) * f.scale(), c.getLong(Counters.TIME_MS), labels.get(r));
        }
      }
    }
  }
}
