package io.edgefusion.node;

/**
 * A part of the node (deployments, supervisor, event log, stats, the command host): started in order after the
 * database opens and before the socket accepts, closed in reverse when the node stops. A component adds its
 * routes in {@link #start} and its returned handle removes them (or the node's close simply drops the table).
 */
public interface NodeComponent {
    String name();

    AutoCloseable start(NodeServices services) throws Exception;
}
