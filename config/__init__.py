"""Project configuration: settings from the environment, URLs, WSGI/ASGI."""
