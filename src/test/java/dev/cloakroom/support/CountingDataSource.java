package dev.cloakroom.support;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Wraps a data source and counts the round trips its statements make: each {@code execute*} call of a
 * statement (a batch counts once) and each {@code commit} or {@code rollback}. Connection set-up calls
 * (auto-commit, isolation) are not counted: pools and drivers answer most of them locally.
 */
public final class CountingDataSource implements DataSource {

  private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate", "executeBatch",
      "executeLargeUpdate", "executeLargeBatch");

  private final DataSource delegate;
  private final AtomicInteger statements = new AtomicInteger();

  public CountingDataSource(DataSource delegate) {
    this.delegate = delegate;
  }

  /** Round trips since the last {@link #reset()}. */
  public int statements() {
    return statements.get();
  }

  public void reset() {
    statements.set(0);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connection(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return connection(delegate.getConnection(user, password));
  }

  private Connection connection(Connection c) {
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
        handler(c, (proxy, method, args) -> {
          if (method.getName().equals("commit") || method.getName().equals("rollback")) {
            statements.incrementAndGet();
          }
          Object result = method.invoke(c, args);
          if (result instanceof Statement s) {
            Class<?> type = method.getReturnType();
            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                handler(s, (p, m, a) -> {
                  if (EXECUTES.contains(m.getName())) {
                    statements.incrementAndGet();
                  }
                  return m.invoke(s, a);
                }));
          }
          return result;
        }));
  }

  private static InvocationHandler handler(Object target, InvocationHandler body) {
    return (proxy, method, args) -> {
      try {
        return body.invoke(proxy, method, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return delegate.isWrapperFor(iface);
  }
}
