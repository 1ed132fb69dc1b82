"""One router module per resource; `api.app.ROUTERS` lists them in the order `/docs` shows them."""
