"""Route modules of the simulator, one per API area (see ``app.ROUTE_MODULES``)."""
