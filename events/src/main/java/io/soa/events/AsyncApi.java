package io.soa.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The AsyncAPI 3.0 document of every topic and message (DESIGN §4), built from {@link EventTypes},
 * {@link Topics} and the JSON Schemas, so it cannot drift from them. {@code docs/asyncapi.json} is
 * this document; {@code AsyncApiTest} keeps it current.
 */
public final class AsyncApi {
  private AsyncApi() {}

  public static ObjectNode document() {
    ObjectNode doc = EventCodec.JSON.createObjectNode();
    doc.put("asyncapi", "3.0.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", "SOA events");
    info.put("version", "1.0.0");
    info.put(
        "description",
        "Every event of the SOA suite on Kafka. Records are CloudEvents 1.0 "
            + "in binary mode: ce_* headers, JSON data. The id is deterministic (chain events: "
            + "chainId:txHash:logIndex, a retraction adds :removed:<blockHash>); consumers drop "
            + "duplicates by id. Amounts are decimal strings of base units.");
    doc.put("defaultContentType", "application/json");
    ObjectNode local = doc.putObject("servers").putObject("local");
    local.put("host", "127.0.0.1:9092");
    local.put("protocol", "kafka");
    local.put("description", "the broker ./soa up starts");

    ObjectNode channels = doc.putObject("channels");
    ObjectNode operations = doc.putObject("operations");
    ObjectNode components = doc.putObject("components");
    ObjectNode messages = components.putObject("messages");
    ObjectNode schemas = components.putObject("schemas");
    for (String topic : Topics.ALL) {
      ObjectNode channel = channels.putObject(topic);
      channel.put("address", topic);
      channel.put(
          "description",
          "Key: " + Topics.KEYS.get(topic) + ". Records of one key keep their order.");
      ObjectNode channelMessages = channel.putObject("messages");
      ObjectNode op = operations.putObject("consume " + topic);
      op.put("action", "receive");
      op.putObject("channel").put("$ref", "#/channels/" + topic);
      ArrayNode opMessages = op.putArray("messages");
      for (EventType<?> t : EventTypes.ALL) {
        if (!t.topics().contains(topic)) {
          continue;
        }
        channelMessages.putObject(t.type()).put("$ref", "#/components/messages/" + t.type());
        opMessages.addObject().put("$ref", "#/channels/" + topic + "/messages/" + t.type());
      }
    }
    for (EventType<?> t : EventTypes.ALL) {
      JsonNode schema = schema(t);
      ObjectNode message = messages.putObject(t.type());
      message.put("name", t.type());
      message.put("title", t.dataClass().getSimpleName());
      message.put("summary", schema.path("description").asText());
      message.put("contentType", "application/json");
      message.set("headers", ceHeaders(t.type()));
      ObjectNode payload = message.putObject("payload");
      payload.put("schemaFormat", "application/schema+json;version=draft-07");
      payload.putObject("schema").put("$ref", "#/components/schemas/" + t.type());
      schemas.set(t.type(), schema);
    }
    return doc;
  }

  private static JsonNode schema(EventType<?> t) {
    try (var in = AsyncApi.class.getResourceAsStream(t.schemaResource())) {
      ObjectNode s = (ObjectNode) EventCodec.JSON.readTree(in);
      s.remove("$schema"); // the message's schemaFormat says which dialect
      // "#/$defs/x" resolves against the document root once embedded: point it at this schema
      rebase(s, "#/components/schemas/" + t.type());
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void rebase(JsonNode node, String base) {
    if (node instanceof ObjectNode o
        && o.path("$ref").isTextual()
        && o.get("$ref").asText().startsWith("#/")) {
      o.put("$ref", base + o.get("$ref").asText().substring(1));
    }
    node.forEach(child -> rebase(child, base));
  }

  private static ObjectNode ceHeaders(String type) {
    ObjectNode h = EventCodec.JSON.createObjectNode();
    h.put("type", "object");
    h.putArray("required").add("ce_specversion").add("ce_id").add("ce_type").add("ce_source");
    ObjectNode p = h.putObject("properties");
    p.putObject("ce_specversion").put("const", "1.0");
    p.putObject("ce_id").put("type", "string").put("description", "deterministic event id");
    p.putObject("ce_type").put("const", type);
    p.putObject("ce_source")
        .put("type", "string")
        .put("description", "the emitting service, e.g. /catalog-service");
    p.putObject("ce_subject")
        .put("type", "string")
        .put("description", "the aggregate id (the record key)");
    p.putObject("ce_time").put("type", "string").put("format", "date-time");
    p.putObject("content-type").put("const", "application/json");
    return h;
  }
}
