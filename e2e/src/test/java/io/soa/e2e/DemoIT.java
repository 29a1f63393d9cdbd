package io.soa.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.soa.demo.Demo;
import io.soa.devchain.RepoRoot;
import io.soa.devstack.ServiceSpec;
import io.soa.testing.OtlpReceiver;
import io.soa.testing.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./soa demo}'s story (the same code) against the packaged services and the example model:
 * every step succeeds and every account's on-chain $SOA change equals what the events say, to the
 * wei, twice in a row on one suite.stack.
 */
class DemoIT {
  static Suite suite;
  static OtlpReceiver traces;

  @BeforeAll
  static void startSuite() {
    suite = Suite.shared();
    traces = suite.traces;
  }

  @Test
  void theWholeStoryReconcilesToTheWeiAndRunsTwice() throws Exception {
    var u = suite.stack.urls();
    Demo.Urls urls =
        new Demo.Urls(
            u.get("catalog-service"),
            u.get("licensing-service"),
            u.get("payment-service"),
            u.get("example-model"));
    Map<String, String> payPerUse = new java.util.LinkedHashMap<>();
    for (int run = 1; run <= 2; run++) {
      List<String> out = new ArrayList<>();
      Demo.Result r = Demo.run(suite.stack.deployment(), urls, out::add);
      out.forEach(System.out::println);
      assertThat(r.reconciled()).as("run %d:%n%s", run, String.join("\n", r.table())).isTrue();
      assertThat(r.table()).hasSizeGreaterThan(7);
      assertThat(r.table().subList(1, r.table().size() - 1))
          .allMatch(line -> line.endsWith(" 0 wei"));
      // licence, voucher, x402 exact, x402 channel, voucher
      assertThat(r.calls()).isEqualTo(5 + 300 + 5 + 20 + 50);
      payPerUse.put(r.model().toString(), r.payPerUse().toString());
    }
    theDashboardShowsEachModelsRevenueToTheWei(payPerUse);
    everySeriesTheAlertsAndTheDashboardReadIsServed();
    aPaidCallIsOneTraceFromTheGatewayToPaymentAndTheModelAndSettlementLinksToIt();
  }

  /**
   * A call paid by voucher: the gateway's span, its charge at payment-service and its forwarding to
   * the model are one trace (W3C trace context over HTTP), each hop a child of a span of the
   * gateway's; the settlement that later claims the call's voucher links to it.
   */
  private static void
      aPaidCallIsOneTraceFromTheGatewayToPaymentAndTheModelAndSettlementLinksToIt() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<OtlpReceiver.Span> spans = traces.spans();
              Map<String, List<OtlpReceiver.Span>> byTrace =
                  spans.stream().collect(Collectors.groupingBy(OtlpReceiver.Span::traceId));
              Map<String, OtlpReceiver.Span> byId =
                  spans.stream()
                      .collect(Collectors.toMap(OtlpReceiver.Span::spanId, x -> x, (a, b) -> a));
              List<List<OtlpReceiver.Span>> paid =
                  byTrace.values().stream()
                      .filter(
                          t ->
                              t.stream().anyMatch(x -> server(x, "licensing-service", "/invoke"))
                                  && t.stream()
                                      .anyMatch(x -> server(x, "payment-service", "/v1/charges"))
                                  && t.stream().anyMatch(x -> server(x, "example-model", "/")))
                      .toList();
              assertThat(paid)
                  .as(
                      "traces of a paid call (receiver errors %s), among %s",
                      traces.errors(),
                      spans.stream()
                          .collect(
                              Collectors.groupingBy(
                                  x -> x.service() + " " + x.kind() + " " + x.name(),
                                  java.util.TreeMap::new,
                                  Collectors.counting())))
                  .isNotEmpty();
              // the settlement that claims a channel's newest voucher links to that call's trace,
              // at its charge at payment-service
              Set<String> paidTraces =
                  paid.stream().map(t -> t.get(0).traceId()).collect(Collectors.toSet());
              List<OtlpReceiver.Span> settlements =
                  spans.stream()
                      .filter(
                          x ->
                              x.service().equals("payment-service")
                                  && x.name().equals("settlement"))
                      .toList();
              assertThat(settlements).as("settlement spans").isNotEmpty();
              assertThat(settlements.stream().flatMap(x -> x.links().stream()))
                  .as("links of the settlements")
                  .anySatisfy(
                      link -> {
                        String[] l = link.split(":");
                        assertThat(paidTraces).contains(l[0]);
                        assertThat(byId.get(l[1]))
                            .isNotNull()
                            .matches(x -> server(x, "payment-service", "/v1/charges"));
                      });
              for (OtlpReceiver.Span hop : paid.get(0)) {
                if (hop.kind().equals("SPAN_KIND_SERVER")
                    && !hop.service().equals("licensing-service")) {
                  OtlpReceiver.Span caller = byId.get(hop.parentSpanId());
                  assertThat(caller).as("the parent of %s", hop.name()).isNotNull();
                  assertThat(caller.service()).isEqualTo("licensing-service");
                }
              }
            });
  }

  private static boolean server(OtlpReceiver.Span s, String service, String path) {
    return s.service().equals(service)
        && s.kind().equals("SPAN_KIND_SERVER")
        && s.name().contains(path);
  }

  /**
   * The analytics example's page, in a real browser (Debian's chromium driven by playwright-core),
   * shows each demo model's pay-per-use revenue as the demo charged it, and their total, to the
   * wei; its screenshot is left in {@code e2e/target/dashboard.png}.
   */
  private static void theDashboardShowsEachModelsRevenueToTheWei(Map<String, String> expected)
      throws Exception {
    java.nio.file.Path root = RepoRoot.find();
    String chromium = System.getenv().getOrDefault("SOA_CHROMIUM", "/usr/bin/chromium");
    assertThat(java.nio.file.Path.of(chromium))
        .as("Debian's chromium for the browser test: apt-get install chromium, or set SOA_CHROMIUM")
        .isExecutable();
    java.nio.file.Path target = root.resolve("e2e/target");
    java.nio.file.Path expectedFile = target.resolve("dashboard-expected.json");
    Files.writeString(expectedFile, io.soa.events.EventCodec.JSON.writeValueAsString(expected));
    java.nio.file.Path shot = target.resolve("dashboard.png");
    Process p =
        new ProcessBuilder(
                "node",
                root.resolve("e2e/src/test/js/dashboard.mjs").toString(),
                suite.url(ServiceSpec.ANALYTICS) + "/",
                expectedFile.toString(),
                shot.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
    System.out.println(output);
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(shot).isNotEmptyFile();
  }

  /**
   * After the story (every path taken, settlement run): each {@code soa_*} series named in the
   * PrometheusRule and the Grafana dashboard of {@code k8s/} is one a running service serves.
   */
  private static void everySeriesTheAlertsAndTheDashboardReadIsServed() throws Exception {
    Set<String> served = new TreeSet<>();
    HttpClient http = HttpClient.newHttpClient();
    for (ServiceSpec s : ServiceSpec.ALL) {
      String body =
          http.send(
                  HttpRequest.newBuilder(URI.create(suite.stack.metricsUrl(s.name()))).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      served.addAll(PrometheusText.names(body));
    }
    Set<String> named = new TreeSet<>();
    for (String file :
        List.of(
            "k8s/base/monitoring/prometheus-rule.yaml", "k8s/base/monitoring/soa-dashboard.json")) {
      Matcher m = SOA_SERIES.matcher(Files.readString(RepoRoot.find().resolve(file)));
      while (m.find()) {
        named.add(m.group(1));
      }
    }
    assertThat(named).hasSizeGreaterThan(5);
    assertThat(served).containsAll(named);
  }

  private static final Pattern SOA_SERIES = Pattern.compile("\\b(soa_[a-z_]+)\\b");
}
