import { fuzzWriteRoutes } from './support.ts'

fuzzWriteRoutes(1, 3)
