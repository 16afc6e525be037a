//! `GET /graphiql`: the GraphQL IDE, with a headers editor pre-filled for the bearer token. Development only.

use axum::response::Html;

/// The page. GraphiQL and React load from a public CDN in the developer's browser; nothing is bundled here.
pub async fn page() -> Html<&'static str> {
    Html(PAGE)
}

const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>HIPE — GraphiQL</title>
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
  <link rel="stylesheet" href="https://unpkg.com/graphiql@3.8.3/graphiql.min.css" crossorigin="anonymous">
</head>
<body>
  <div id="graphiql">Loading GraphiQL… (it needs access to unpkg.com)</div>
  <script src="https://unpkg.com/react@18.3.1/umd/react.production.min.js" crossorigin="anonymous"></script>
  <script src="https://unpkg.com/react-dom@18.3.1/umd/react-dom.production.min.js" crossorigin="anonymous"></script>
  <script src="https://unpkg.com/graphiql@3.8.3/graphiql.min.js" crossorigin="anonymous"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: '/graphql' });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, {
        fetcher,
        defaultQuery: '# Public: the procedure catalogue.\n# For your own data, open the Headers tab below and put\n#   { "Authorization": "Bearer <a token printed by make run, or by hipe token>" }\n{\n  procedures { code label fees { totalCents } }\n}\n',
        defaultHeaders: '{}',
        headerEditorEnabled: true,
        shouldPersistHeaders: false,
      }),
    );
  </script>
</body>
</html>
"#;
