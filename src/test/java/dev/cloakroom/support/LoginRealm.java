package dev.cloakroom.support;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.security.Principal;

/**
 * The container's side of {@code request.login}, as a filter in front of Cloakroom's: any user with the
 * password {@code secret}; {@code logout()} forgets the user. For apps deployed with
 * {@code Deployment.Code.behind(new LoginRealm())}.
 */
public final class LoginRealm implements Filter {

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(new HttpServletRequestWrapper((HttpServletRequest) request) {
      private String user;

      @Override
      public void login(String username, String password) throws ServletException {
        if (!"secret".equals(password)) {
          throw new ServletException("bad credentials");
        }
        user = username;
      }

      @Override
      public void logout() {
        user = null;
      }

      @Override
      public String getRemoteUser() {
        return user;
      }

      @Override
      public Principal getUserPrincipal() {
        String name = user;
        return name == null ? null : () -> name;
      }
    }, response);
  }
}
