"""Publishing tools: what turns the notebooks into a session, pages, versions and links.

- ``present``: the code-hidden presenter page (Voila on 127.0.0.1).
- ``export``: offline, self-contained HTML pages of every notebook.
- ``trainee``: the trainee version without exercise solutions (``trainee/``).
- ``tutor``: the tutor guide and the answers, generated from the notebooks.
- ``links``: the Binder links in the README.
- ``nbtools``: execute, clean and read notebooks.
- ``envfile``: ``environment.yml`` from the same resolution as ``requirements.lock``.

These import the views and the data layer, never the other way round.
"""
