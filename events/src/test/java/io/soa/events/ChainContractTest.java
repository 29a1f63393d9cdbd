package io.soa.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.soa.contracts.abi.ContractAbi;
import io.soa.contracts.abi.ContractAbi.EventSpec;
import io.soa.contracts.abi.ContractAbi.Input;
import io.soa.events.chain.ChainLogTypes;
import io.soa.events.chain.ChainRouting;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The chain part of the event contract is one table ({@link ChainLogTypes}) checked here against
 * the compiled ABIs: every contract event is published or deliberately not; each published one has
 * a record whose fields are the envelope then the event's parameters in ABI order, with the Java
 * and JSON Schema type of each parameter's Solidity type; and it is registered on the topic the
 * routing rule sends it to. A change in Solidity that is not carried through fails here.
 */
class ChainContractTest {
  private static final List<String> ENVELOPE =
      List.of("chainId", "blockNumber", "blockHash", "txHash", "logIndex", "removed", "contract");

  private static List<EventSpec> abiEvents() {
    List<EventSpec> all = new ArrayList<>();
    ContractAbi.CONTRACTS.forEach(c -> all.addAll(ContractAbi.events(c)));
    return all;
  }

  @Test
  void everyAbiEventIsPublishedOrDeliberatelyNotAndNothingElseIsListed() {
    Set<String> inAbi = new HashSet<>();
    abiEvents().forEach(e -> inAbi.add(e.contract() + "." + e.name()));
    Set<String> listed = new HashSet<>(ChainLogTypes.BY_LOG.keySet());
    listed.addAll(ChainLogTypes.NOT_PUBLISHED);
    assertThat(listed).isEqualTo(inAbi);
    assertThat(ChainLogTypes.BY_LOG.keySet())
        .doesNotContainAnyElementsOf(ChainLogTypes.NOT_PUBLISHED);
  }

  @Test
  void eachPublishedEventsRecordAndSchemaAreItsAbiParameters() throws Exception {
    for (EventSpec e : abiEvents()) {
      String log = e.contract() + "." + e.name();
      String type = ChainLogTypes.BY_LOG.get(log);
      if (type == null) {
        continue;
      }
      EventType<?> t = EventTypes.byType(type).orElseThrow();
      List<String> expected = new ArrayList<>(ENVELOPE);
      e.inputs().forEach(i -> expected.add(i.name()));
      RecordComponent[] components = t.dataClass().getRecordComponents();
      assertThat(List.of(components).stream().map(RecordComponent::getName).toList())
          .as(log + " -> " + t.dataClass().getSimpleName())
          .isEqualTo(expected);
      JsonNode properties;
      try (var in = EventSchemas.class.getResourceAsStream(t.schemaResource())) {
        properties = EventCodec.JSON.readTree(in).get("properties");
      }
      for (int k = 0; k < e.inputs().size(); k++) {
        Input in = e.inputs().get(k);
        RecordComponent c = components[ENVELOPE.size() + k];
        assertThat(javaType(c.getGenericType()))
            .as(log + "." + in.name() + " in Java")
            .isEqualTo(expectedJava(in.type()));
        assertThat(schemaKind(properties.get(in.name())))
            .as(log + "." + in.name() + " in " + t.schemaResource())
            .isEqualTo(expectedSchema(in.type()));
      }
    }
  }

  @Test
  void eachPublishedEventIsRegisteredOnTheTopicTheRoutingRuleSendsItTo() {
    ChainLogTypes.BY_LOG.forEach(
        (log, type) -> {
          String contract = log.substring(0, log.indexOf('.'));
          List<String> topics = EventTypes.byType(type).orElseThrow().topics();
          List<String> routed =
              contract.equals("SOAToken")
                  ? List.of(
                      ChainRouting.soaTransfer("0xe", "0x1", "0xe", "0xm").orElseThrow().topic(),
                      ChainRouting.soaTransfer("0x1", "0xm", "0xe", "0xm").orElseThrow().topic())
                  : List.of(ChainRouting.topicOf(contract).orElseThrow());
          assertThat(topics).as(log).containsAll(routed);
        });
    assertThat(ChainRouting.soaTransfer("0x1", "0x2", "0xe", "0xm")).isEmpty();
  }

  @Test
  void theMirrorsOriginCheckKnowsTheOneEmitterOfEachTypeAndNoneForSharedAdminTypes() {
    assertThat(ChainLogTypes.emitterOf(io.soa.events.chain.ModelTokenized.TYPE))
        .contains("ModelRegistry");
    assertThat(ChainLogTypes.emitterOf(io.soa.events.chain.ChannelClaimed.TYPE))
        .contains("UsageEscrow");
    assertThat(ChainLogTypes.emitterOf(io.soa.events.chain.Sold.TYPE)).contains("Marketplace");
    assertThat(ChainLogTypes.emitterOf(io.soa.events.chain.TierCreated.TYPE))
        .contains("LicenseToken");
    assertThat(ChainLogTypes.emitterOf(io.soa.events.chain.OwnershipTransferred.TYPE)).isEmpty();
    assertThat(ChainLogTypes.emitterOf(io.soa.events.chain.TreasuryChanged.TYPE)).isEmpty();
    assertThat(ChainLogTypes.emitterOf("soa.chain.Unknown.v1")).isEmpty();
    ChainLogTypes.BY_LOG.forEach(
        (log, type) ->
            ChainLogTypes.emitterOf(type)
                .ifPresent(c -> assertThat(log).as(type).startsWith(c + ".")));
  }

  private static String javaType(Type t) {
    if (t instanceof ParameterizedType p && p.getRawType() == List.class) {
      return "List<" + ((Class<?>) p.getActualTypeArguments()[0]).getSimpleName() + ">";
    }
    return ((Class<?>) t).getSimpleName();
  }

  /** Integers are decimal strings (they overflow a long), hashes and addresses hex strings. */
  private static String expectedJava(String solidity) {
    if (solidity.endsWith("[]")) {
      return "List<" + expectedJava(solidity.substring(0, solidity.length() - 2)) + ">";
    }
    return solidity.equals("bool") ? "boolean" : "String";
  }

  private static String schemaKind(JsonNode p) {
    if (p == null) {
      return "missing";
    }
    if (p.has("$ref")) {
      return p.get("$ref").asText();
    }
    if ("array".equals(p.path("type").asText())) {
      return "array of " + schemaKind(p.get("items"));
    }
    if (p.has("pattern")) {
      return "string " + p.get("pattern").asText();
    }
    return p.path("type").asText();
  }

  private static String expectedSchema(String solidity) {
    if (solidity.endsWith("[]")) {
      return "array of " + expectedSchema(solidity.substring(0, solidity.length() - 2));
    }
    if (solidity.startsWith("uint")) {
      return "#/$defs/uint";
    }
    return switch (solidity) {
      case "address" -> "#/$defs/address";
      case "bytes32" -> "#/$defs/bytes32";
      case "bytes4" -> "string ^0x[0-9a-f]{8}$";
      case "bool" -> "boolean";
      case "string" -> "string";
      default -> "unsupported " + solidity;
    };
  }
}
