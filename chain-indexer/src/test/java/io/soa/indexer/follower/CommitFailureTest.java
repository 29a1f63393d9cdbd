package io.soa.indexer.follower;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.soa.contracts.generated.ModelRegistry;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import io.soa.devchain.DevChain;
import io.soa.testing.ChainAudit;
import io.soa.testing.SoaTestResource;
import io.soa.testing.TestDb;
import java.math.BigInteger;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * A range's commit fails while the ranges after it are already sent (commits are pipelined): none
 * of those later commits may land, the follower starts again from the stored cursor, and the store
 * and the topics end up exactly as if nothing had failed.
 */
@QuarkusTest
@WithTestResource(
    value = SoaTestResource.class,
    initArgs = {
      @ResourceArg(name = "database", value = CommitFailureTest.DB),
      @ResourceArg(name = "chain", value = "true"),
      @ResourceArg(name = "config.soa.chain.poll-interval", value = "100ms"),
      @ResourceArg(name = "config.soa.chain.initial-range", value = "4"),
      @ResourceArg(name = "config.soa.chain.max-range", value = "4")
    })
class CommitFailureTest {
  static final String DB = "indexer_commit_test";

  @ConfigProperty(name = "soa.chain.rpc-url")
  String rpcUrl;

  @ConfigProperty(name = "soa.chain.contracts.model-registry")
  String registryAt;

  @ConfigProperty(name = "soa.chain.start-block")
  long startBlock;

  @Test
  void aFailedCommitIsNeverOvertakenByTheRangesSentAfterIt() throws Exception {
    Web3j web3j = Chain.connect(rpcUrl);
    DevChain dev = new DevChain(new HttpService(rpcUrl));
    ModelRegistry reg =
        ModelRegistry.load(
            registryAt, web3j, Chain.txManager(web3j, DevAccounts.account(1)), Chain.DEV_GAS);
    for (int i = 0; i < 10; i++) {
      byte[] id = new byte[32];
      id[16] = 0x4c;
      id[31] = (byte) i;
      assertThat(reg.tokenize(id, "f", new byte[32], BigInteger.ZERO).send().isStatusOK()).isTrue();
      dev.mine(3);
    }
    long head = dev.blockNumber().longValueExact();
    await().atMost(Duration.ofSeconds(60)).until(() -> TestChain.cursor() >= head);

    long failAt = startBlock + (head - startBlock) / 2;
    // the first commit that moves the cursor to failAt or past it fails, once
    TestDb.execute(
        DB,
        """
        CREATE SEQUENCE inject_once;
        CREATE FUNCTION inject_commit_failure() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.block_number >= %d AND nextval('inject_once') = 1 THEN
            RAISE EXCEPTION 'injected commit failure';
          END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER inject_commit_failure BEFORE UPDATE ON cursor
          FOR EACH ROW EXECUTE FUNCTION inject_commit_failure();"""
            .formatted(failAt));
    // re-publish everything, four blocks a range: several ranges are in flight at once
    Management.asOperator()
        .post(Management.url() + "/v1/admin/replay?fromBlock=" + startBlock)
        .then()
        .statusCode(202);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                TestDb.count(
                            DB,
                            "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM inject_once")
                        >= 2
                    && TestChain.cursor() >= head);

    // Every block from the start to the cursor has its hash stored: no range was skipped by
    // a later range's commit landing after the failed one.
    long stored =
        TestDb.count(
            DB,
            "SELECT count(*) FROM block_hash WHERE block_number BETWEEN "
                + startBlock
                + " AND "
                + head);
    assertThat(stored).isEqualTo(head - startBlock + 1);
    assertThat(TestDb.count(DB, "SELECT block_number FROM cursor")).isEqualTo(head);
    TestDb.execute(DB, "DROP TRIGGER inject_commit_failure ON cursor");

    ChainAudit.Report r = TestChain.audit(web3j);
    assertThat(r.exact()).as("audit %s", r).isTrue();
    assertThat(r.view()).isEqualTo(r.canonical()).isGreaterThanOrEqualTo(20);
    given().get("/q/health/ready").then().statusCode(200);
    web3j.shutdown();
  }
}
