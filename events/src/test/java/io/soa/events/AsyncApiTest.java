package io.soa.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/asyncapi.json is the document {@link AsyncApi} builds, and names every event. */
class AsyncApiTest {
  static final Path FILE = Path.of("..", "docs", "asyncapi.json");

  @Test
  void committedDocumentIsCurrentAndCoversEveryTypeOnEveryTopic() throws Exception {
    JsonNode built = AsyncApi.document();
    if ("1".equals(System.getenv("SOA_WRITE_ASYNCAPI"))) {
      Files.writeString(
          FILE,
          EventCodec.JSON
                  .copy()
                  .enable(SerializationFeature.INDENT_OUTPUT)
                  .writeValueAsString(built)
              + "\n");
    }
    assertThat(Files.exists(FILE)).as("docs/asyncapi.json exists").isTrue();
    assertThat(EventCodec.JSON.readTree(FILE.toFile()))
        .as(
            "docs/asyncapi.json is stale: SOA_WRITE_ASYNCAPI=1 ./mvnw -pl events test -Dtest=AsyncApiTest")
        .isEqualTo(built);
    for (EventType<?> t : EventTypes.ALL) {
      assertThat(built.at("/components/schemas/" + t.type() + "/title").asText())
          .isEqualTo(t.type());
      for (String topic : t.topics()) {
        assertThat(built.at("/channels/" + topic + "/messages").has(t.type()))
            .as(t.type() + " on " + topic)
            .isTrue();
      }
    }
    for (String topic : Topics.ALL) {
      assertThat(built.at("/operations/consume " + topic + "/action").asText())
          .isEqualTo("receive");
    }
  }
}
