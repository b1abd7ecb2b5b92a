// The palette feature's public face: the app mounts the keyboard layer once.
export { PaletteHost } from './PaletteHost';
