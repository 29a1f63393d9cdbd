package io.soa.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The catalog bench's load mixes and its synthetic models (vocabulary, descriptions). */
final class CatalogData {
  private CatalogData() {}

  /** The first {@code kinds} kinds of query, interleaved, under 4 connections for 20 s. */
  static HttpLoad.Result mix(int port, List<List<byte[]>> byKind, int kinds, String name)
      throws Exception {
    List<byte[]> searches = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      for (List<byte[]> list : byKind.subList(0, kinds)) {
        searches.add(list.get(i));
      }
    }
    HttpLoad.Result r = HttpLoad.run(port, 4, 3, 20, i -> searches.get(i % searches.size()));
    System.out.printf(
        "search, %s: %,.0f requests/s, p50 %.2f ms, p99 %.2f ms, %d errors%n",
        name, r.rps(), r.percentileMs(0.5), r.percentileMs(0.99), r.errors());
    return r;
  }

  static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Pronounceable made-up words, so every query word has a known, modest frequency. */
  static List<String> vocabulary(Random rnd, int n) {
    String[] syl = {
      "ka", "lo", "mi", "ren", "tu", "sa", "vor", "ni", "pel", "qua", "dor", "fi", "gan", "hu",
      "jor", "ble", "tri", "xo", "zan", "wei"
    };
    java.util.LinkedHashSet<String> words = new java.util.LinkedHashSet<>();
    while (words.size() < n) {
      int k = 2 + rnd.nextInt(3);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < k; i++) {
        sb.append(syl[rnd.nextInt(syl.length)]);
      }
      words.add(sb.toString());
    }
    return new ArrayList<>(words);
  }

  static String model(Random rnd, List<String> vocab, int i) {
    StringBuilder desc = new StringBuilder();
    for (int w = 0; w < 40; w++) {
      desc.append(vocab.get(rnd.nextInt(vocab.size()))).append(w % 10 == 9 ? ". " : " ");
    }
    String name =
        vocab.get(rnd.nextInt(vocab.size())) + " " + vocab.get(rnd.nextInt(vocab.size())) + " " + i;
    String tags =
        "\""
            + CatalogBench.TAGS[rnd.nextInt(CatalogBench.TAGS.length)]
            + "\", \""
            + CatalogBench.TAGS[rnd.nextInt(CatalogBench.TAGS.length)]
            + "\"";
    return """
        {"name": "%s", "summary": "%s %s model", "description": "%s", "task": "%s",
         "framework": "%s", "modality": "%s", "tags": [%s],
         "features": [{"id": "infer", "inputContentTypes": ["application/json"], "outputContentTypes": ["application/json"]}],
         "endpointUrl": "https://models.example.com/%d"}"""
        .formatted(
            name,
            vocab.get(rnd.nextInt(vocab.size())),
            CatalogBench.TASKS[i % CatalogBench.TASKS.length].replace('-', ' '),
            desc,
            CatalogBench.TASKS[i % CatalogBench.TASKS.length],
            CatalogBench.FRAMEWORKS[rnd.nextInt(CatalogBench.FRAMEWORKS.length)],
            CatalogBench.MODALITIES[rnd.nextInt(CatalogBench.MODALITIES.length)],
            tags,
            i);
  }
}
