package io.soa.contracts.abi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Event;

/**
 * The events of the suite's contracts, read from the compiled ABIs this module ships ({@code
 * /solidity/<Contract>.abi}, the build's solc output). The one place that parses them: the
 * indexer's decoder, the topic audit and the event contract test all read events from here.
 */
public final class ContractAbi {
  private ContractAbi() {}

  /** The suite's deployed contracts, by ABI name. */
  public static final List<String> CONTRACTS =
      List.of(
          "ModelRegistry",
          "LicenseToken",
          "Marketplace",
          "UsageEscrow",
          "SOAToken",
          "ModelPayees",
          "X402BatchSettlement");

  /** One parameter of an event. */
  public record Input(String name, String type, boolean indexed) {}

  /**
   * One event of one contract: its parameters in ABI order, and its signature hash ({@code topic0},
   * lower-case hex).
   */
  public record EventSpec(String contract, String name, List<Input> inputs, String topic0) {
    /** The parameters that are topics, in order. */
    public List<Input> indexed() {
      return inputs.stream().filter(Input::indexed).toList();
    }

    /** The parameters in the data, in order. */
    public List<Input> data() {
      return inputs.stream().filter(i -> !i.indexed()).toList();
    }

    /**
     * Whether a parameter is a struct (its type is a tuple, e.g. {@code (address,uint40)}): such
     * events are not decoded here (web3j cannot describe them without a generated class).
     */
    public boolean hasStruct() {
      return inputs.stream().anyMatch(i -> i.type().startsWith("("));
    }

    /** web3j's description of the event, for its decoder (events without structs). */
    public Event web3jEvent() {
      return new Event(name, references(inputs));
    }
  }

  private static final Map<String, List<EventSpec>> CACHE = new ConcurrentHashMap<>();

  /** Every event in {@code contract}'s ABI, in ABI order. */
  public static List<EventSpec> events(String contract) {
    return CACHE.computeIfAbsent(contract, ContractAbi::load);
  }

  private static List<EventSpec> load(String contract) {
    try (InputStream in = ContractAbi.class.getResourceAsStream("/solidity/" + contract + ".abi")) {
      if (in == null) {
        throw new IllegalStateException("no ABI for " + contract + " on the classpath");
      }
      List<EventSpec> out = new ArrayList<>();
      for (JsonNode e : new ObjectMapper().readTree(in)) {
        if (!"event".equals(e.get("type").asText())) {
          continue;
        }
        List<Input> inputs = new ArrayList<>();
        for (JsonNode p : e.get("inputs")) {
          inputs.add(new Input(p.get("name").asText(), canonical(p), p.get("indexed").asBoolean()));
        }
        String name = e.get("name").asText();
        String signature =
            name + "(" + String.join(",", inputs.stream().map(Input::type).toList()) + ")";
        out.add(
            new EventSpec(
                contract,
                name,
                List.copyOf(inputs),
                org.web3j.crypto.Hash.sha3String(signature).toLowerCase(java.util.Locale.ROOT)));
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the ABI of " + contract, e);
    }
  }

  /** A parameter's canonical type, as in the event's signature: a struct is its fields' tuple. */
  private static String canonical(JsonNode p) {
    String type = p.get("type").asText();
    if (!type.startsWith("tuple")) {
      return type;
    }
    List<String> parts = new ArrayList<>();
    p.get("components").forEach(c -> parts.add(canonical(c)));
    return "(" + String.join(",", parts) + ")" + type.substring("tuple".length());
  }

  private static List<TypeReference<?>> references(List<Input> inputs) {
    List<TypeReference<?>> refs = new ArrayList<>();
    for (Input i : inputs) {
      try {
        refs.add(TypeReference.makeTypeReference(i.type(), i.indexed(), false));
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("unsupported ABI type " + i.type(), e);
      }
    }
    return refs;
  }
}
