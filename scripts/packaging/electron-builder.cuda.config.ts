// The CUDA flavour (`npm run dist:cuda`): the standard installer plus node-llama-cpp's CUDA
// binaries for Linux and Windows x64 (several hundred MB more), into dist-cuda/.
import { builderConfig } from './electron-builder.config';

export default builderConfig('cuda');
