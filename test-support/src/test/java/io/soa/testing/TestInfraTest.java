package io.soa.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.soa.testing.TestInfra.Mode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestInfraTest {
  @Test
  void containersWhereDockerAnswersLocalProcessesWhereItDoesNot() {
    assertThat(TestInfra.decide(Map.of(), () -> true)).isEqualTo(Mode.CONTAINERS);
    assertThat(TestInfra.decide(Map.of(), () -> false)).isEqualTo(Mode.LOCAL);
    assertThat(TestInfra.decide(Map.of("SOA_TEST_INFRA", "auto"), () -> true))
        .isEqualTo(Mode.CONTAINERS);
  }

  @Test
  void anOperatorCanForceEitherAndAskingForContainersWithoutDockerIsAnError() {
    assertThat(
            TestInfra.decide(
                Map.of("SOA_TEST_INFRA", "local"),
                () -> {
                  throw new AssertionError("local never asks for Docker");
                }))
        .isEqualTo(Mode.LOCAL);
    assertThat(TestInfra.decide(Map.of("SOA_TEST_INFRA", "containers"), () -> true))
        .isEqualTo(Mode.CONTAINERS);
    assertThatThrownBy(() -> TestInfra.decide(Map.of("SOA_TEST_INFRA", "containers"), () -> false))
        .hasMessageContaining("no Docker engine answers");
    assertThatThrownBy(() -> TestInfra.decide(Map.of("SOA_TEST_INFRA", "docker"), () -> true))
        .hasMessageContaining("local, containers or auto");
  }

  @Test
  void thisMachineHasNoDockerEngineSoTheSuiteRunsOnLocalProcesses() {
    // where this suite is developed and its CI runs, only the docker client is installed
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getenv("DOCKER_HOST") == null
            && !java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock")));
    assertThat(TestInfra.mode()).isEqualTo(Mode.LOCAL);
  }
}
