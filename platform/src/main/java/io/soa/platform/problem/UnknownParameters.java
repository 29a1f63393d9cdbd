package io.soa.platform.problem;

import io.soa.platform.error.Invalid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A query parameter the operation does not take is a 400 naming it, never silently ignored: a
 * client that sends {@code ?size=-1} for a page size learns that the parameter is {@code limit},
 * instead of getting a full page it did not ask for. The names an operation takes are its
 * {@code @QueryParam}s, its {@code @BeanParam}s' included.
 */
public class UnknownParameters {
  private static final Map<Method, Set<String>> TAKEN = new ConcurrentHashMap<>();

  @ServerRequestFilter
  public void refuseUnknown(ContainerRequestContext ctx, ResourceInfo resource) {
    Method m = resource.getResourceMethod();
    if (m == null) {
      return;
    }
    Set<String> taken = TAKEN.computeIfAbsent(m, UnknownParameters::names);
    for (String name : ctx.getUriInfo().getQueryParameters().keySet()) {
      if (!taken.contains(name)) {
        throw Invalid.field(
            name.length() > 64 ? name.substring(0, 64) + "..." : name,
            "is not a parameter of this operation" + (taken.isEmpty() ? "" : ": " + taken));
      }
    }
  }

  private static Set<String> names(Method m) {
    Set<String> out = new HashSet<>();
    for (Parameter p : m.getParameters()) {
      QueryParam q = p.getAnnotation(QueryParam.class);
      if (q != null) {
        out.add(q.value());
      }
      if (p.isAnnotationPresent(BeanParam.class)) {
        for (Class<?> c = p.getType(); c != null && c != Object.class; c = c.getSuperclass()) {
          for (Field f : c.getDeclaredFields()) {
            QueryParam fq = f.getAnnotation(QueryParam.class);
            if (fq != null) {
              out.add(fq.value());
            }
          }
        }
      }
    }
    return java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(out));
  }
}
