package io.soa.platform.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Sets {@code instance} of every problem answer to the request's path, so a client's report and the
 * service's log name the same occurrence.
 */
public class ProblemInstance {
  @ServerResponseFilter
  public void fill(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getEntity() instanceof Problem p && p.instance() == null) {
      response.setEntity(
          p.withInstance(request.getUriInfo().getRequestUri().getRawPath()),
          response.getEntityAnnotations(),
          response.getMediaType());
    }
  }
}
