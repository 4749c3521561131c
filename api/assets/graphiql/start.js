// GraphiQL on this server only: queries and mutations over POST /graphql,
// subscriptions over /graphql/ws (graphql-transport-ws). The token put in
// the Headers tab ({"Authorization": "Bearer …"}) is sent with both: on
// the socket, in connection_init, which is where the server reads it.
(function () {
  "use strict";
  var httpUrl = new URL("/graphql", window.location.href).href;
  var wsUrl = httpUrl.replace(/^http/, "ws") + "/ws";
  var http = GraphiQL.createFetcher({ url: httpUrl });
  var sockets = new Map();

  function socketFor(authorization) {
    var key = authorization || "";
    if (!sockets.has(key)) {
      sockets.set(key, graphqlWs.createClient({
        url: wsUrl,
        lazy: true,
        connectionParams: authorization ? { Authorization: authorization } : {}
      }));
    }
    return sockets.get(key);
  }

  function isSubscription(params, options) {
    var document = options && options.documentAST;
    if (!document) {
      return /^\s*subscription\b/.test(params.query || "");
    }
    return document.definitions.some(function (definition) {
      return definition.kind === "OperationDefinition" &&
        definition.operation === "subscription" &&
        (!params.operationName ||
          (definition.name && definition.name.value === params.operationName));
    });
  }

  function fetcher(params, options) {
    if (!isSubscription(params, options)) {
      return http(params, options);
    }
    var headers = (options && options.headers) || {};
    var socket = socketFor(headers.Authorization || headers.authorization);
    return {
      subscribe: function (observer) {
        var dispose = socket.subscribe(params, {
          next: function (value) { observer.next(value); },
          error: function (error) { observer.error(error); },
          complete: function () { observer.complete(); }
        });
        return { unsubscribe: dispose };
      }
    };
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultHeaders: '{\n  "Authorization": "Bearer "\n}',
      defaultEditorToolsVisibility: "headers"
    })
  );
})();
