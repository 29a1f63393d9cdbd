package io.soa.catalog.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.soa.catalog.repository.ModelRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Builds the stored document of models that have none: rows written before the V2 migration added
 * the column. Runs at startup, 500 models per transaction, before the service is ready.
 */
@ApplicationScoped
public class DocumentBackfill {
  private static final Logger LOG = Logger.getLogger(DocumentBackfill.class);

  private final ModelRepository models;
  private final ModelService service;

  public DocumentBackfill(ModelRepository models, ModelService service) {
    this.models = models;
    this.service = service;
  }

  void onStart(@Observes StartupEvent ev) throws Throwable {
    int total = 0;
    int n;
    while ((n = VertxContextSupport.subscribeAndAwait(this::backfillBatch)) > 0) {
      total += n;
    }
    if (total > 0) {
      LOG.infof("built the stored document of %d model(s) written before it existed", total);
    }
  }

  /** Builds up to 500 missing documents in one transaction; returns how many. */
  public Uni<Integer> backfillBatch() {
    return Panache.withTransaction(
        () ->
            models
                .find("document is null")
                .page(0, 500)
                .list()
                .map(
                    list -> {
                      list.forEach(m -> service.touch(m, m.updatedAt));
                      return list.size();
                    }));
  }
}
