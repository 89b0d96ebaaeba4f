"""Who is called next, and when: the calling rules (rules.py, pure), the queue's state that the
counter, the board and the ticket replies read (queue.py), a ticket's place and estimated wait
(place.py, estimate.py) and the simulated office days that measure the estimate (simulate.py).

Below the live bus and the pages, above the queue's model: the counter's actions, the board's
snapshot and the API's replies all read the queue through here, so they agree."""
