package io.soa.indexer.rpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * {@code eth_getLogs} with a streaming parse straight into {@link RawLog}s, stopping once an answer
 * holds more than {@code maxLogs} logs or {@code maxBytes} bytes: the indexer's memory stays
 * bounded whatever the density of the blocks asked for, or whatever a node sends (a too-big answer
 * is a range limit: ask for fewer blocks). A body that stalls mid-stream for the RPC timeout, or
 * trickles for six times it, times out. web3j serves every other call; this one is hand-written for
 * memory and speed.
 */
final class LogStream {
  private static final JsonFactory JSON = new JsonFactory();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private final OkHttpClient http;
  private final long maxBytes;

  LogStream(Duration timeout, long maxBytes) {
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(timeout)
            .readTimeout(timeout) // no byte for this long, also mid-body: a stall
            .callTimeout(timeout.multipliedBy(6)) // the whole answer, however slowly it trickles
            .retryOnConnectionFailure(false)
            .build();
    this.maxBytes = maxBytes;
  }

  List<RawLog> logs(String url, long from, long to, List<String> addresses, int maxLogs)
      throws IOException, InterruptedException {
    StringBuilder body =
        new StringBuilder(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getLogs\","
                    + "\"params\":[{\"fromBlock\":\"0x")
            .append(Long.toHexString(from))
            .append("\",\"toBlock\":\"0x")
            .append(Long.toHexString(to))
            .append("\",\"address\":[");
    for (int i = 0; i < addresses.size(); i++) {
      body.append(i == 0 ? "\"" : ",\"").append(addresses.get(i)).append('"');
    }
    body.append("]}]}");
    Request req =
        new Request.Builder().url(url).post(RequestBody.create(body.toString(), JSON_TYPE)).build();
    try (Response resp = http.newCall(req).execute()) {
      if (resp.code() == 429) {
        throw new RpcException(RpcException.Kind.RATE_LIMITED, "eth_getLogs: HTTP 429", null);
      }
      if (resp.code() >= 300) {
        throw new RpcException(
            RpcException.Kind.UNAVAILABLE, "eth_getLogs: HTTP " + resp.code(), null);
      }
      try (InputStream in = new Bounded(resp.body().byteStream(), maxBytes);
          JsonParser p = JSON.createParser(in)) {
        return parse(p, maxLogs);
      }
    } catch (InterruptedIOException e) { // read, call and connect timeouts alike
      throw new RpcException(
          RpcException.Kind.TIMEOUT, "eth_getLogs timed out: " + e.getMessage(), e);
    }
  }

  /** Fails the read once more than {@code max} bytes came. */
  private static final class Bounded extends FilterInputStream {
    private final long max;
    private long read;

    Bounded(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    private int count(int n) {
      if (n > 0 && (read += n) > max) {
        throw new RpcException(
            RpcException.Kind.RANGE_LIMIT,
            "eth_getLogs answer is larger than " + max + " bytes",
            null);
      }
      return n;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count(b < 0 ? 0 : 1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return count(super.read(b, off, len));
    }
  }

  private static List<RawLog> parse(JsonParser p, int maxLogs) throws IOException {
    List<RawLog> out = new ArrayList<>();
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new RpcException(
          RpcException.Kind.UNAVAILABLE, "eth_getLogs: not a JSON-RPC answer", null);
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if ("result".equals(field)) {
        while (p.nextToken() == JsonToken.START_OBJECT) {
          if (out.size() >= maxLogs) {
            throw new RpcException(
                RpcException.Kind.RANGE_LIMIT,
                "eth_getLogs answer holds more than " + maxLogs + " logs",
                null);
          }
          out.add(log(p));
        }
      } else if ("error".equals(field)) {
        int code = 0;
        String message = "";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String f = p.currentName();
          p.nextToken();
          if ("code".equals(f)) {
            code = p.getIntValue();
          } else if ("message".equals(f)) {
            message = p.getText();
          } else {
            p.skipChildren();
          }
        }
        throw new RpcException(
            RpcException.classify(code, message),
            "eth_getLogs: " + message + " (code " + code + ")",
            null);
      } else {
        p.skipChildren();
      }
    }
    return out;
  }

  private static RawLog log(JsonParser p) throws IOException {
    long block = -1;
    long index = -1;
    String blockHash = null;
    String tx = null;
    String address = null;
    String data = "0x";
    List<String> topics = new ArrayList<>(4);
    boolean removed = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      switch (f) {
        case "blockNumber" -> block = RawLog.quantity(p.getText());
        case "logIndex" -> index = RawLog.quantity(p.getText());
        case "blockHash" -> blockHash = p.getText().toLowerCase(Locale.ROOT);
        case "transactionHash" -> tx = p.getText().toLowerCase(Locale.ROOT);
        case "address" -> address = p.getText().toLowerCase(Locale.ROOT);
        case "data" -> data = p.getText();
        case "removed" -> removed = p.getBooleanValue();
        case "topics" -> {
          while (p.nextToken() != JsonToken.END_ARRAY) {
            topics.add(p.getText());
          }
        }
        default -> p.skipChildren();
      }
    }
    if (removed || block < 0 || blockHash == null) {
      throw new RpcException(
          RpcException.Kind.OTHER, "eth_getLogs returned a pending or removed log", null);
    }
    return new RawLog(block, index, blockHash, tx, address, topics, data);
  }
}
