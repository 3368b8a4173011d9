package io.edgefusion.node.api;

/** The node's API as a function: the socket's HTTP, the API listener and in-process callers all use it. */
@FunctionalInterface
public interface ApiRoutes {
    ApiResponse handle(ApiRequest request);
}
