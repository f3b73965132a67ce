"""A TCP relay on loopback for fault and latency tests: it adds delay each way, and it can cut a connection
after so many bytes towards the server or back from it (the network dropping in the middle of a push)."""

from __future__ import annotations

import asyncio
import socket
import threading
from dataclasses import dataclass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Cut:
    """For the next connection only: drop it once this many bytes went up (to the server) or came down."""

    up: int | None = None
    down: int | None = None


class TcpProxy:
    def __init__(self, target: int, one_way_s: float = 0.0) -> None:
        self.port = free_port()
        self.target, self.delay = target, one_way_s
        self.cut: Cut | None = None
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(10)

    async def _start(self) -> None:
        self.server = await asyncio.start_server(self._relay, "127.0.0.1", self.port)

    async def _pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, limit: int | None,
                    other: asyncio.StreamWriter) -> None:  # fmt: skip
        """Bytes one way, each piece `delay` after it arrived: latency, not a narrower pipe (pieces that arrive
        together travel together, as on a real link)."""
        loop = asyncio.get_running_loop()
        pieces: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()

        async def receive() -> None:
            try:
                while data := await reader.read(65536):
                    pieces.put_nowait((loop.time() + self.delay, data))
            except (ConnectionError, OSError):
                pass
            pieces.put_nowait(None)

        receiving = asyncio.create_task(receive())
        sent = 0
        try:
            while (piece := await pieces.get()) is not None:
                due, data = piece
                if (wait := due - loop.time()) > 0:
                    await asyncio.sleep(wait)
                if limit is not None and sent + len(data) >= limit:
                    writer.write(data[: max(0, limit - sent)])
                    await writer.drain()
                    other.transport.abort()
                    writer.transport.abort()
                    return
                sent += len(data)
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            other.transport.abort()
        finally:
            receiving.cancel()
            writer.close()

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        cut, self.cut = self.cut or Cut(), None
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target)
        await asyncio.gather(
            self._pump(reader, up_writer, cut.up, writer),
            self._pump(up_reader, writer, cut.down, up_writer),
            return_exceptions=True,
        )

    async def _stop(self) -> None:
        self.server.close()
        await self.server.wait_closed()
        current = asyncio.current_task()
        for task in [t for t in asyncio.all_tasks() if t is not current]:
            task.cancel()

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()
