package io.soa.analytics.stream;

import java.math.BigInteger;

/** A model's sales so far; amounts are decimal strings of $SOA base units. */
public record ModelSales(
    long licences,
    String licenceVolume,
    long resales,
    String resaleVolume,
    long modelSales,
    String modelSaleVolume,
    String royalties) {

  public static ModelSales none() {
    return new ModelSales(0, "0", 0, "0", 0, "0", "0");
  }

  ModelSales plus(Sale s) {
    String royalties = add(this.royalties, s.royalty());
    return switch (s.kind()) {
      case "licence" ->
          new ModelSales(
              licences + s.count(),
              add(licenceVolume, s.volume()),
              resales,
              resaleVolume,
              modelSales,
              modelSaleVolume,
              royalties);
      case "licence-resale" ->
          new ModelSales(
              licences,
              licenceVolume,
              resales + s.count(),
              add(resaleVolume, s.volume()),
              modelSales,
              modelSaleVolume,
              royalties);
      default ->
          new ModelSales(
              licences,
              licenceVolume,
              resales,
              resaleVolume,
              modelSales + s.count(),
              add(modelSaleVolume, s.volume()),
              royalties);
    };
  }

  /** Both together (a model's sales under its chain id and under its catalog id). */
  public ModelSales plus(ModelSales o) {
    return new ModelSales(
        licences + o.licences,
        add(licenceVolume, o.licenceVolume),
        resales + o.resales,
        add(resaleVolume, o.resaleVolume),
        modelSales + o.modelSales,
        add(modelSaleVolume, o.modelSaleVolume),
        add(royalties, o.royalties));
  }

  private static String add(String a, String b) {
    return new BigInteger(a).add(new BigInteger(b)).toString();
  }
}
