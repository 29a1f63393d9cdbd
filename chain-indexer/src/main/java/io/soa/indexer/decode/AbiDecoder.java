package io.soa.indexer.decode;

import io.soa.contracts.abi.ContractAbi;
import io.soa.contracts.abi.ContractAbi.EventSpec;
import io.soa.indexer.rpc.RawLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Bytes4;
import org.web3j.utils.Numeric;

/**
 * Decodes any log of the suite's contracts, driven by the contracts' own ABIs ({@link
 * ContractAbi}), so a new event in Solidity needs no code here. Events made only of elementary
 * types (all of the suite's) are read straight from the hex words ({@link Words}), several times
 * faster than web3j's reflective decoder, which stays the path for anything else; tests check every
 * field against the raw log either way.
 */
public final class AbiDecoder {

  /** One event of one contract's ABI. */
  record Spec(
      String contract,
      String name,
      Event event,
      List<String> indexedNames,
      List<String> dataNames,
      List<String> indexedTypes,
      List<String> dataTypes,
      boolean fast) {}

  /** A decoded log: contract and event names and the arguments by ABI name. */
  public record Decoded(String contract, String event, Map<String, Object> args) {}

  private final Map<String, Spec> byAddressAndTopic = new HashMap<>();

  /** {@code contracts}: contract name (as in the ABI file name) to its address. */
  public AbiDecoder(Map<String, String> contracts) {
    contracts.forEach(
        (name, address) -> {
          for (EventSpec e : ContractAbi.events(name)) {
            if (e.hasStruct()) {
              continue; // not published (ChainLogTypes.NOT_PUBLISHED): nothing to decode
            }
            boolean fast = true;
            for (ContractAbi.Input in : e.inputs()) {
              fast &= Words.supports(in.type()) && !(in.indexed() && in.type().equals("string"));
            }
            byAddressAndTopic.put(
                address.toLowerCase(Locale.ROOT) + e.topic0(),
                new Spec(
                    name,
                    e.name(),
                    e.web3jEvent(),
                    e.indexed().stream().map(ContractAbi.Input::name).toList(),
                    e.data().stream().map(ContractAbi.Input::name).toList(),
                    e.indexed().stream().map(ContractAbi.Input::type).toList(),
                    e.data().stream().map(ContractAbi.Input::type).toList(),
                    fast));
          }
        });
  }

  /** The decoded log, or null for a log of an unknown contract or event. */
  public Decoded decode(RawLog log) {
    if (log.topics().isEmpty()) {
      return null;
    }
    Spec spec = byAddressAndTopic.get(log.address() + log.topics().get(0));
    if (spec == null) {
      return null;
    }
    Map<String, Object> args = new LinkedHashMap<>();
    if (spec.fast()) {
      for (int i = 0; i < spec.indexedNames().size(); i++) {
        String topic = log.topics().get(i + 1);
        args.put(
            spec.indexedNames().get(i), Words.decode(spec.indexedTypes().get(i), topic, 2, null));
      }
      String data = log.data();
      for (int i = 0; i < spec.dataNames().size(); i++) {
        args.put(
            spec.dataNames().get(i), Words.decode(spec.dataTypes().get(i), data, 2 + 64 * i, data));
      }
      return new Decoded(spec.contract(), spec.name(), args);
    }
    // web3j's Event API hands out raw Types; their values are normalized right away
    @SuppressWarnings("rawtypes")
    List<TypeReference<Type>> idx = spec.event().getIndexedParameters();
    for (int i = 0; i < idx.size(); i++) {
      args.put(
          spec.indexedNames().get(i),
          normalize(FunctionReturnDecoder.decodeIndexedValue(log.topics().get(i + 1), idx.get(i))));
    }
    @SuppressWarnings("rawtypes")
    List<Type> values =
        FunctionReturnDecoder.decode(log.data(), spec.event().getNonIndexedParameters());
    for (int i = 0; i < values.size(); i++) {
      args.put(spec.dataNames().get(i), normalize(values.get(i)));
    }
    return new Decoded(spec.contract(), spec.name(), args);
  }

  /** JSON-friendly values: integers as decimal strings, bytes and addresses as lower-case hex. */
  static Object normalize(Type<?> t) {
    if (t instanceof org.web3j.abi.datatypes.Array<?> array) {
      List<Object> items = new ArrayList<>();
      for (Type<?> item : array.getValue()) {
        items.add(normalize(item));
      }
      return items;
    }
    if (t instanceof Address a) {
      return a.getValue().toLowerCase(Locale.ROOT);
    }
    if (t instanceof Bool b) {
      return b.getValue();
    }
    if (t instanceof Utf8String s) {
      return s.getValue();
    }
    if (t instanceof Bytes32 || t instanceof Bytes4 || t.getValue() instanceof byte[]) {
      return Numeric.toHexString((byte[]) t.getValue());
    }
    if (t.getValue() instanceof java.math.BigInteger n) {
      return n.toString();
    }
    throw new UncheckedIOException(new IOException("unsupported ABI type " + t.getTypeAsString()));
  }
}
