package io.soa.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.soa.events.EventCodec;
import org.junit.jupiter.api.Test;

/** The fuzzer's reading of a parameter's declared bounds, and the values it tries past them. */
class HostileInputsTest {
  static JsonNode schema(String json) throws Exception {
    return EventCodec.JSON.readTree(json);
  }

  @Test
  void aParameterWithoutABoundIsNamedAndValuesPastEachBoundAreTried() throws Exception {
    assertThat(HostileInputs.undeclaredBound(schema("{\"type\": \"string\"}"))).isPresent();
    assertThat(HostileInputs.undeclaredBound(schema("{\"type\": \"integer\", \"minimum\": 1}")))
        .isPresent();
    assertThat(HostileInputs.undeclaredBound(schema("{\"type\": \"array\"}"))).isPresent();
    assertThat(HostileInputs.undeclaredBound(null)).isPresent();
    assertThat(HostileInputs.undeclaredBound(schema("{\"type\": \"string\", \"maxLength\": 3}")))
        .isEmpty();
    assertThat(HostileInputs.undeclaredBound(schema("{\"enum\": [\"a\", \"b\"]}"))).isEmpty();
    assertThat(
            HostileInputs.pastBounds(
                schema("{\"type\": \"integer\", \"minimum\": 1, \"maximum\": 100}")))
        .containsExactly("0", "101");
    assertThat(HostileInputs.pastBounds(schema("{\"maxLength\": 3}"))).containsExactly("1111");
  }
}
