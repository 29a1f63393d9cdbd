package io.soa.analytics;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.soa.devchain.Processes;
import io.soa.devstack.infra.KafkaBroker;
import io.soa.events.Topics;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * A Kafka broker of this test's own with the suite's topics: the application counts everything on
 * them, so the test's expected totals hold only where nothing else publishes.
 */
public class OwnBroker implements QuarkusTestResourceLifecycleManager {
  static volatile String bootstrap;
  private KafkaBroker broker;

  @Override
  public Map<String, String> start() {
    Path dir = Path.of("target/kafka-" + UUID.randomUUID());
    broker =
        KafkaBroker.start(
            Processes.freePort(),
            Processes.freePort(),
            dir.resolve("data"),
            dir.resolve("kafka.log"));
    bootstrap = broker.bootstrap();
    KafkaBroker.createTopics(bootstrap, Topics.ALL);
    return Map.of(
        "kafka.bootstrap.servers",
        bootstrap,
        "kafka-streams.state.dir",
        dir.resolve("streams").toAbsolutePath().toString());
  }

  @Override
  public void stop() {
    if (broker != null) {
      broker.close();
    }
  }
}
