# One image for the API and the workers; the command picks the role.
FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg poppler-utils redis-tools \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY workers ./workers
COPY pipelines ./pipelines
COPY bin ./bin
COPY web ./web
RUN npm ci --no-audit --no-fund && npm prune --omit=dev
COPY samples ./samples
USER node
ENTRYPOINT ["node", "dist/bin/heritage.js"]
CMD ["serve"]
