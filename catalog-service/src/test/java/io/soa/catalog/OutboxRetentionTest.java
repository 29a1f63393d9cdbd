package io.soa.catalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.soa.devstack.testing.TopicReader;
import io.soa.events.Topics;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Published outbox rows are deleted after the retention; the event stays on its topic. */
@QuarkusTest
@WithTestResource(value = io.soa.devstack.testing.SoaTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "catalog_retention_test"),
    @ResourceArg(name = "config.soa.outbox.retention", value = "PT1S"),
    @ResourceArg(name = "config.soa.outbox.prune-interval", value = "1s")})
class OutboxRetentionTest {
  static final String DEV = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String kafka;

  @Test
  void publishedEventsArePrunedAfterTheRetention() throws Exception {
    String id = given().auth().oauth2(Auth.token(DEV)).contentType(ContentType.JSON)
        .body("{\"name\": \"Pruned\"}").post("/v1/models").then().statusCode(201)
        .extract().path("id");
    assertThat(count()).isEqualTo(1); // written with the model, in its transaction
    await().atMost(Duration.ofSeconds(30)).until(() -> count() == 0);
    var onTopic = TopicReader.readUntil(kafka, Topics.CATALOG_MODELS,
        rs -> rs.stream().anyMatch(r -> id.equals(r.key())), Duration.ofSeconds(30));
    assertThat(onTopic.stream().filter(r -> id.equals(r.key()))).hasSize(1);
  }

  static long count() throws Exception {
    return Db.count("catalog_retention_test", "SELECT count(*) FROM outbox");
  }
}
