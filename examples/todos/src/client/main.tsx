import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { createClient } from '@wirecall/client';
import { useLiveQuery } from '@wirecall/react';
import { liveQueryOptions } from '@wirecall/tanstack-query';
import { type FormEvent, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { api } from '../contract.js';

const client = createClient(api, {
  url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/rpc`,
});
const queryClient = new QueryClient();

/** The list through `useLiveQuery`. */
function HookList() {
  const { data = [] } = useLiveQuery(client.todos.list);
  return (
    <ul data-testid="hook-list">
      {data.map((todo) => (
        <li key={todo.id}>{todo.text}</li>
      ))}
    </ul>
  );
}

/** The same list through TanStack Query's cache. */
function TanStackList() {
  const { data = [] } = useQuery(liveQueryOptions(client.todos.list));
  return (
    <ul data-testid="tanstack-list">
      {data.map((todo) => (
        <li key={todo.id}>{todo.text}</li>
      ))}
    </ul>
  );
}

function App() {
  const [text, setText] = useState('');
  const add = (event: FormEvent) => {
    event.preventDefault();
    void client.todos.add({ text }).then(() => setText(''));
  };
  return (
    <main>
      <form onSubmit={add}>
        <input aria-label="Todo" value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit">Add</button>
      </form>
      <h2>useLiveQuery</h2>
      <HookList />
      <h2>@tanstack/react-query</h2>
      <TanStackList />
    </main>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <QueryClientProvider client={queryClient}>
    <App />
  </QueryClientProvider>,
);
